using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Soldr.Core.Json;

/// <summary>
/// A JSON path of the small kind webhooks need to name one value in a body: <c>$</c> (the whole body),
/// then any number of steps <c>.name</c>, <c>['name']</c> or <c>["name"]</c> (a member) and <c>[0]</c> (an
/// array element, from zero). No wildcards, filters, slices, negative indexes or <c>..</c>. A name after a
/// dot is letters, digits, <c>_</c>, <c>-</c> and <c>$</c>; any other name is quoted, with <c>\\</c>,
/// <c>\'</c> and <c>\"</c> as its escapes.
/// </summary>
public sealed class JsonPathValue
{
    /// <summary>The deepest nesting a body may have; deeper bodies have no value.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most characters a path may have.</summary>
    public const int MaxLength = 1024;

    private readonly JsonPathStep[] _steps;

    private JsonPathValue(string path, JsonPathStep[] steps) => (Path, _steps) = (path, steps);

    /// <summary>The path as written.</summary>
    public string Path { get; }

    /// <summary>
    /// Compiles <paramref name="path"/>. On failure <paramref name="error"/> is a phrase to follow the path's
    /// name, e.g. <c>has an unexpected '*' at character 3</c>.
    /// </summary>
    public static bool TryParse(
        string path,
        [NotNullWhen(true)] out JsonPathValue? compiled,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        compiled = JsonPathParser.TryParse(path, out var steps, out error) ? new JsonPathValue(path, steps) : null;
        return compiled is not null;
    }

    /// <summary>
    /// The value the path selects in <paramref name="utf8Json"/>, as text: a string unescaped, a number as
    /// written (<c>1.50</c> stays <c>1.50</c>), <c>true</c> or <c>false</c>. Null when the value is JSON
    /// null, an object or an array, when it is missing, and when the body is not one valid JSON value
    /// (a UTF-8 byte order mark is allowed) or nests deeper than <see cref="MaxDepth"/>. Where a member
    /// appears twice, the first counts. Never throws for any body.
    /// </summary>
    public string? Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8Json = utf8Json[Encoding.UTF8.Preamble.Length..];
        }

        // The reader walks the body in place, without building a document; it reports bad JSON only by throwing.
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
            var value = reader.Read() && Seek(ref reader) ? Text(ref reader) : null;

            // A body that is not JSON has no value, whatever its first bytes hold, so the rest is checked too.
            while (reader.Read())
            {
            }

            return value;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 cannot be unescaped into text.
            return null;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;

    // On success the reader is on the selected value; on failure somewhere before the end of the body.
    private bool Seek(ref Utf8JsonReader reader)
    {
        foreach (var step in _steps)
        {
            if (!(step.Name is { } name ? SeekMember(ref reader, name) : SeekElement(ref reader, step.Index)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SeekMember(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static bool SeekElement(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (i == index)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => null,
    };
}
