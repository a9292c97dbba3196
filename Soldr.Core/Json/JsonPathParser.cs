using System.Globalization;
using System.Text;

namespace Soldr.Core.Json;

/// <summary>
/// Reads the path syntax <see cref="JsonPathValue"/> documents into steps; errors name the character at
/// fault, counting from 1.
/// </summary>
internal static class JsonPathParser
{
    public const int MaxSteps = JsonPathValue.MaxDepth;

    public static bool TryParse(string path, out JsonPathStep[] steps, out string? error)
    {
        steps = [];
        var list = new List<JsonPathStep>();
        error = path.Length switch
        {
            0 => "must start with $",
            > JsonPathValue.MaxLength => $"is longer than {JsonPathValue.MaxLength} characters",
            _ when path[0] != '$' => "must start with $",
            _ => null,
        };

        var at = 1;
        while (error is null && at < path.Length)
        {
            error = path[at] switch
            {
                '.' => DottedName(path, ref at, list),
                '[' => Bracket(path, ref at, list),
                _ => Unexpected(path, at),
            };

            if (error is null && list.Count > MaxSteps)
            {
                error = $"has more than {MaxSteps} steps";
            }
        }

        steps = [.. list];
        return error is null;
    }

    private static string? DottedName(string path, ref int at, List<JsonPathStep> steps)
    {
        var start = ++at;
        while (at < path.Length && IsNameChar(path[at]))
        {
            at++;
        }

        if (at == start)
        {
            return at < path.Length ? Unexpected(path, at) : "must have a name after the final '.'";
        }

        steps.Add(new JsonPathStep(path[start..at], 0));
        return null;
    }

    private static string? Bracket(string path, ref int at, List<JsonPathStep> steps)
    {
        var open = at++;
        if (at < path.Length && path[at] is '\'' or '"')
        {
            var error = Quoted(path, ref at, out var name);
            if (error is not null)
            {
                return error;
            }

            steps.Add(new JsonPathStep(name, 0));
        }
        else
        {
            var start = at;
            while (at < path.Length && char.IsAsciiDigit(path[at]))
            {
                at++;
            }

            if (at == start)
            {
                return at < path.Length ? Unexpected(path, at) : $"has an unclosed '[' at character {open + 1}";
            }

            // Leading zeros are refused as JSONPath (RFC 9535) refuses them: they suggest something else was meant.
            var digits = path.AsSpan(start, at - start);
            if ((digits.Length > 1 && digits[0] == '0')
                || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return $"has an index that is not a whole number from 0 to {int.MaxValue} at character {start + 1}";
            }

            steps.Add(new JsonPathStep(null, index));
        }

        if (at >= path.Length)
        {
            return $"has an unclosed '[' at character {open + 1}";
        }

        if (path[at] != ']')
        {
            return Unexpected(path, at);
        }

        at++;
        return null;
    }

    private static string? Quoted(string path, ref int at, out string name)
    {
        var quote = path[at];
        var open = at++;
        var builder = new StringBuilder();
        name = string.Empty;
        while (at < path.Length && path[at] != quote)
        {
            if (path[at] == '\\')
            {
                if (at + 1 >= path.Length || path[at + 1] is not ('\\' or '\'' or '"'))
                {
                    return $"has an escape other than \\\\, \\' or \\\" at character {at + 1}";
                }

                at++;
            }

            builder.Append(path[at++]);
        }

        if (at >= path.Length)
        {
            return $"has an unclosed quoted name at character {open + 1}";
        }

        at++;
        name = builder.ToString();
        return null;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$';

    private static string Unexpected(string path, int at)
    {
        var c = path[at];
        var shown = char.IsControl(c) || char.IsWhiteSpace(c) || c > '~'
            ? $"U+{(int)c:X4}"
            : $"'{c}'";
        return $"has an unexpected {shown} at character {at + 1}";
    }
}
