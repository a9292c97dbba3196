namespace Soldr.Worker.Delivery.Urls;

/// <summary>
/// Whether a path appended under a destination's path could lead a receiver above it. Receivers do not
/// agree on what a dot segment is: RFC 3986 resolves only literal <c>.</c> and <c>..</c>, while many servers
/// (Kestrel, .NET's Uri) decode <c>%2E</c> first, and some decode <c>%2F</c> and <c>%5C</c> too and split on
/// them (IIS takes a backslash for a slash). The appended part is checked the way each of them reads it,
/// without allocating.
/// </summary>
internal static class ReceiverPaths
{
    /// <summary>
    /// True when some receiver would resolve <paramref name="appended"/> (the part after the destination's
    /// path, starting with <c>/</c>) to a path above where it starts.
    /// </summary>
    public static bool ClimbsAbove(ReadOnlySpan<char> appended) =>
        ClimbsAbove(appended, splitOnEncoded: false) || ClimbsAbove(appended, splitOnEncoded: true);

    // Every segment deepens the path by one, "." by none and ".." takes one away (RFC 3986 §5.2.4, read
    // as a depth count): the path climbs above its start when the depth goes below zero.
    private static bool ClimbsAbove(ReadOnlySpan<char> appended, bool splitOnEncoded)
    {
        var depth = 0;
        var dots = 0;
        var other = false;
        for (var i = 0; i <= appended.Length;)
        {
            var atEnd = i == appended.Length;
            var separator = atEnd ? 0 : SeparatorLength(appended[i..], splitOnEncoded);
            if (atEnd || separator > 0)
            {
                // A leading separator opens the first segment; it does not close one.
                if (i > 0)
                {
                    depth += other || dots == 0 || dots > 2 ? 1 : dots == 1 ? 0 : -1;
                    if (depth < 0)
                    {
                        return true;
                    }
                }

                dots = 0;
                other = false;
                i += atEnd ? 1 : separator;
                continue;
            }

            var dot = DotLength(appended[i..]);
            if (dot > 0)
            {
                dots++;
                i += dot;
            }
            else
            {
                other = true;
                i++;
            }
        }

        return false;
    }

    // A decoding receiver splits on an encoded slash or backslash, and on a backslash as written.
    private static int SeparatorLength(ReadOnlySpan<char> s, bool splitOnEncoded) =>
        s[0] == '/' ? 1
        : !splitOnEncoded ? 0
        : s[0] == '\\' ? 1
        : IsEncoded(s, '2', 'F') || IsEncoded(s, '5', 'C') ? 3
        : 0;

    private static int DotLength(ReadOnlySpan<char> s) => s[0] == '.' ? 1 : IsEncoded(s, '2', 'E') ? 3 : 0;

    private static bool IsEncoded(ReadOnlySpan<char> s, char high, char low) =>
        s.Length >= 3 && s[0] == '%' && s[1] == high && char.ToUpperInvariant(s[2]) == low;
}
