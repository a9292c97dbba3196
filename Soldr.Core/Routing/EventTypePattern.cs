namespace Soldr.Core.Routing;

/// <summary>
/// One event-type pattern of a destination filter: text where <c>*</c> stands for any run of characters,
/// compared in ordinal case; a leading <c>!</c> makes it an exclusion.
/// </summary>
public sealed record EventTypePattern(string Text, bool Excludes)
{
    public const int MaxLength = 200;

    public static EventTypePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.StartsWith('!') ? new(pattern[1..], true) : new(pattern, false);
    }

    /// <summary>Why <paramref name="pattern"/> is not one, or null when it is.</summary>
    public static string? Problem(string? pattern) => pattern switch
    {
        null or "" or "!" => "is empty",
        { Length: > MaxLength + 1 } => $"is longer than {MaxLength} characters",
        _ when pattern.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) => "contains a space or a control character",
        _ when pattern.LastIndexOf('!') > 0 => "may have ! only at its start",
        _ => null,
    };

    public bool Matches(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Glob(Text.AsSpan(), type.AsSpan());
    }

    public override string ToString() => Excludes ? "!" + Text : Text;

    // Iterative wildcard match: on a mismatch after a '*', the star takes one more character and the rest is tried again.
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
