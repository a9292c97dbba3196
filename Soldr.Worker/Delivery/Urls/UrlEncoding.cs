using System.Text;

namespace Soldr.Worker.Delivery.Urls;

/// <summary>
/// Percent-encoding for the parts of a delivered URL (RFC 3986). Whatever the input, the output is ASCII
/// and contains no character that could end its part: no <c>/</c> inside a segment, no <c>?</c> or
/// <c>#</c> inside a path, no <c>#</c> inside a query, no space or control character anywhere.
/// </summary>
internal static class UrlEncoding
{
    /// <summary>
    /// Appends one path segment of a stored sub-path. <c>%2F</c> (any case) stays the encoded slash it was
    /// when ingest stored it; every other <c>%</c> is a literal percent sign. A segment that is <c>.</c> or
    /// <c>..</c> is written <c>%2E</c> or <c>%2E%2E</c>, so it names a segment rather than moving up.
    /// </summary>
    public static void AppendSegment(StringBuilder url, ReadOnlySpan<char> segment)
    {
        if (segment is ".")
        {
            url.Append("%2E");
            return;
        }

        if (segment is "..")
        {
            url.Append("%2E%2E");
            return;
        }

        for (var i = 0; i < segment.Length;)
        {
            var c = segment[i];
            if (c == '%' && IsEncodedSlash(segment[i..]))
            {
                url.Append("%2F");
                i += 3;
            }
            else if (IsSegmentSafe(c))
            {
                url.Append(c);
                i++;
            }
            else
            {
                i += AppendEncoded(url, segment[i..]);
            }
        }
    }

    /// <summary>
    /// Appends a raw query (as the sender wrote it, or a destination's): valid percent-encodings are kept,
    /// every character a query may not carry is encoded, <c>#</c> included.
    /// </summary>
    public static void AppendQuery(StringBuilder url, ReadOnlySpan<char> query) => AppendWritten(url, query, isQuery: true);

    /// <summary>
    /// Appends a destination's own path as its operator wrote it: nothing is unescaped or resolved, only
    /// characters that may not appear in a path at all are encoded.
    /// </summary>
    public static void AppendPathAsWritten(StringBuilder url, ReadOnlySpan<char> path) => AppendWritten(url, path, isQuery: false);

    /// <summary>RFC 3986 unreserved characters and the sub-delims that mean nothing special in a segment.</summary>
    /// <remarks>
    /// <c>;</c> is left out (servlet containers read <c>..;</c> as <c>..</c>), and so are <c>:</c> and <c>@</c>,
    /// which some parsers take for a scheme or user-info.
    /// </remarks>
    public static bool IsSegmentSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '=';

    private static bool IsPathChar(char c) => IsSegmentSafe(c) || c is ';' or ':' or '@' or '/';

    private static bool IsQueryChar(char c) => IsPathChar(c) || c == '?';

    private static bool IsEncodedSlash(ReadOnlySpan<char> s) => s.Length >= 3 && s[1] == '2' && (s[2] == 'F' || s[2] == 'f');

    private static bool IsPercentEncoding(ReadOnlySpan<char> s) => s.Length >= 3 && char.IsAsciiHexDigit(s[1]) && char.IsAsciiHexDigit(s[2]);

    private static void AppendWritten(StringBuilder url, ReadOnlySpan<char> text, bool isQuery)
    {
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c == '%' && IsPercentEncoding(text[i..]))
            {
                url.Append(text.Slice(i, 3));
                i += 3;
            }
            else if (c != '%' && (isQuery ? IsQueryChar(c) : IsPathChar(c)))
            {
                url.Append(c);
                i++;
            }
            else
            {
                i += AppendEncoded(url, text[i..]);
            }
        }
    }

    /// <summary>
    /// Appends the first character (or surrogate pair) of <paramref name="text"/> as UTF-8 %XX; a lone
    /// surrogate becomes U+FFFD. Returns how many chars it took.
    /// </summary>
    private static int AppendEncoded(StringBuilder url, ReadOnlySpan<char> text)
    {
        var status = Rune.DecodeFromUtf16(text, out var rune, out var consumed);
        if (status != System.Buffers.OperationStatus.Done)
        {
            rune = Rune.ReplacementChar;
            consumed = 1;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..length])
        {
            url.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
        }

        return consumed;
    }

    private const string HexDigits = "0123456789ABCDEF";
}
