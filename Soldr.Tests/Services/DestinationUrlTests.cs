using System.Text;
using Soldr.Worker.Delivery.Urls;

namespace Soldr.Tests.Services;

public sealed class DestinationUrlTests
{
    private static readonly string[] Destinations =
    [
        "http://r.test",
        "http://r.test/",
        "http://r.test/hook",
        "http://r.test/hook/",
        "http://r.test/a/b/hook?token=t&x=1",
        "https://r.test:8443/hook",
        "http://[::1]:9000/hook/",
        "http://[2001:db8::5]/deep/er/hook?k",
        "http://user:p%40ss@r.test/hook",
        "http://127.0.0.1:9000/hook",
    ];

    // The pieces hostile sub-paths are made of: every way of writing a dot, a slash or a backslash, what
    // ends a path or a segment elsewhere, controls, non-ASCII (a lone surrogate too), and very long runs.
    private static readonly string[] Pieces =
    [
        "..", ".", "%2e%2e", "%2E%2E", "%2E.", ".%2e", "%2e", "\\", "%5C", "%5c", "%2F", "%2f", "/", "//", "@", "#", "?", "%00", "\0",
        "\r\n", "\t", "\u007f", "\u0085", " ", "é", "日本", "\U0001F600", "\uD800", "a", "internal", "admin", "%", "%%", "%zz", "%252e",
        ";", "..;", ":", "+", "&", "=", "~", "http://evil.test", "@evil.test", "[::1]", new string('a', 3000), new string('.', 3),
    ];

    [Theory]
    [InlineData("http://r.test/hook", "/", "", "http://r.test/hook")]
    [InlineData("http://r.test/hook", "", "", "http://r.test/hook")]
    [InlineData("http://r.test/hook", "/orders/1", "x=2", "http://r.test/hook/orders/1?x=2")]
    [InlineData("http://r.test/hook/", "/orders", "", "http://r.test/hook/orders")]
    [InlineData("http://r.test/hook?token=t", "/o", "x=2", "http://r.test/hook/o?token=t&x=2")]
    [InlineData("http://127.0.0.1:9000/hook", "/x/a\\b/..\\c", "confirm=yes", "http://127.0.0.1:9000/hook/x/a%5Cb/..%5Cc?confirm=yes")]
    [InlineData("http://r.test/hook", "/a%2Fb/%2f/%41/%", "", "http://r.test/hook/a%2Fb/%2F/%2541/%25")]
    [InlineData("http://r.test/hook", "/a/../b/./c", "", "http://r.test/hook/a/%2E%2E/b/%2E/c")]
    [InlineData("http://r.test/hook", "/é ?#@;:\u0001", "q=é #x&y=%41%zz", "http://r.test/hook/%C3%A9%20%3F%23%40%3B%3A%01?q=%C3%A9%20%23x&y=%41%25zz")]
    [InlineData("http://r.test/hook", "//a//", "", "http://r.test/hook//a//")]
    [InlineData("http://u:p%40ss@r.test/hook#frag", "/a", "", "http://r.test/hook/a")]
    [InlineData("http://r.test/a b/é", "/x", "", "http://r.test/a%20b/%C3%A9/x")]
    public void TheSubPathAndQuery_AreAppended_EachSegmentEncodedInPlace(string destination, string path, string query, string expected)
    {
        var url = DestinationUrl.Parse(destination)!;

        var built = url.Build(path, query, appendPath: true);

        Assert.Equal(expected, built);
        Assert.Null(url.Check(built, out _));
    }

    [Theory]
    [InlineData("http://r.test/hook/./x/../y?a=%41&b=c d#frag", "http://r.test/hook/./x/../y?a=%41&b=c%20d")]
    [InlineData("http://user:secret@r.test/exact", "http://r.test/exact")]
    public void WithoutAppendPath_TheDestinationIsSentAsWritten_WithoutUserInfoOrFragment(string destination, string expected)
    {
        var url = DestinationUrl.Parse(destination)!;

        var built = url.Build("/ignored/../..", "ignored=1", appendPath: false);

        Assert.Equal(expected, built);
        Assert.Null(url.Check(built, out var uri));
        Assert.Equal(expected, uri!.GetLeftPart(UriPartial.Authority) + uri.PathAndQuery);
    }

    [Theory]
    [InlineData("/./..")]
    [InlineData("/..")]
    [InlineData("/a/../..")]
    [InlineData("/a%2F..%2F..")]
    [InlineData("/a%2F../..")]
    [InlineData("/x/..\\..\\..\\..\\internal\\admin")]
    [InlineData("/..\\x")]
    public void ASubPathThatWouldClimbAboveTheDestinationForSomeReceiver_IsRefused(string path)
    {
        var url = DestinationUrl.Parse("http://r.test/hook")!;

        var refusal = url.Check(url.Build(path, string.Empty, appendPath: true), out var uri);

        Assert.NotNull(refusal);
        Assert.Null(uri);
    }

    [Theory]
    [InlineData("ftp://r.test/hook")]
    [InlineData("/relative")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public void ADestinationThatIsNotAnAbsoluteHttpUrl_IsNotParsed(string destination) =>
        Assert.Null(DestinationUrl.Parse(destination));

    /// <summary>
    /// The guarantee, for thousands of generated sub-paths and queries against every kind of destination:
    /// a URL that is sent goes to the destination's scheme, host and port, carries no user-info, and keeps
    /// the destination's path as its start however a receiver reads it: resolving dot segments as RFC 3986
    /// says, after decoding %2E, after decoding %2E and %2F, after decoding %5C as well and taking a backslash
    /// for a slash (as IIS does), or with .NET's default Uri. And what goes on the wire is exactly what was built.
    /// </summary>
    [Fact]
    public void NoSubPathOrQuery_LeadsAReceiverOutsideItsDestination()
    {
        var random = new Random(20261205);
        var inputs = new List<(string Path, string Query)>
        {
            ("/x/..\\..\\..\\..\\internal\\admin", "confirm=yes"),
            ("/..%2F..%2Finternal", string.Empty),
            ("/%2e%2e/%2e%2e/internal", "a=../b#c"),
        };
        for (var i = 0; i < 3000; i++)
        {
            inputs.Add((Generate(random, startWithSlash: random.Next(4) != 0), Generate(random, startWithSlash: false)));
        }

        var sent = 0;
        foreach (var destination in Destinations)
        {
            var url = DestinationUrl.Parse(destination)!;
            var expected = new Uri(destination);
            var basePath = expected.AbsolutePath.TrimEnd('/');
            foreach (var (path, query) in inputs)
            {
                var built = url.Build(path, query, appendPath: true);
                var refusal = url.Check(built, out var uri);
                if (refusal is not null)
                {
                    Assert.True(HasDotSegment(path), $"'{Escape(path)}' has no dot segment however read, yet was refused: {refusal}");
                    continue;
                }

                sent++;
                Assert.Equal(built, uri!.GetLeftPart(UriPartial.Authority) + uri.PathAndQuery);
                Assert.True(Encoding.ASCII.GetByteCount(built) == built.Length && !built.Any(c => char.IsControl(c) || c is ' ' or '#' or '\\'),
                    $"'{Escape(built)}' has a character that may not be sent");

                var receiver = new Uri(built);
                Assert.Equal(expected.Scheme, receiver.Scheme);
                Assert.Equal(expected.Host, receiver.Host);
                Assert.Equal(expected.Port, receiver.Port);
                Assert.Equal(string.Empty, receiver.UserInfo);

                var encodedPath = uri.AbsolutePath;
                foreach (var seen in new[]
                {
                    RemoveDotSegments(encodedPath),
                    RemoveDotSegments(DecodeDots(encodedPath)),
                    RemoveDotSegments(DecodeDots(encodedPath).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)),
                    RemoveDotSegments(DecodeSeparators(DecodeDots(encodedPath))),
                    receiver.AbsolutePath,
                })
                {
                    Assert.True(seen == basePath || seen.StartsWith(basePath + "/", StringComparison.Ordinal),
                        $"'{Escape(path)}' sent to {destination} as {built} reaches {seen}, outside {basePath}/");
                }
            }
        }

        // Refusals are for dot segments only: almost every generated input is sent.
        Assert.True(sent > Destinations.Length * inputs.Count / 2, $"only {sent} of {Destinations.Length * inputs.Count} were sent");
    }

    private static string Generate(Random random, bool startWithSlash)
    {
        var text = new StringBuilder(startWithSlash ? "/" : string.Empty);
        var count = random.Next(1, 12);
        for (var i = 0; i < count; i++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
            if (random.Next(3) == 0)
            {
                text.Append('/');
            }
        }

        return text.ToString();
    }

    /// <summary>Whether some piece of the path, read with %2E, %2F and %5C decoded and a backslash taken for a slash, is "." or "..".</summary>
    private static bool HasDotSegment(string path) =>
        DecodeSeparators(DecodeDots(path)).Split('/').Any(s => s is "." or "..");

    private static string DecodeDots(string path) => path.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase);

    private static string DecodeSeparators(string path) => path
        .Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)
        .Replace("%5C", "/", StringComparison.OrdinalIgnoreCase)
        .Replace('\\', '/');

    /// <summary>RFC 3986 §5.2.4, step by step as written there.</summary>
    private static string RemoveDotSegments(string path)
    {
        var input = path;
        var output = new StringBuilder();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input == "/.")
            {
                input = "/";
            }
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input == "/.." ? "/" : input[3..];
                var last = output.ToString().LastIndexOf('/');
                output.Length = Math.Max(last, 0);
            }
            else if (input is "." or "..")
            {
                input = string.Empty;
            }
            else
            {
                var next = input.IndexOf('/', input[0] == '/' ? 1 : 0);
                var segment = next < 0 ? input : input[..next];
                output.Append(segment);
                input = input[segment.Length..];
            }
        }

        return output.ToString();
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c < 0x20 || c >= 0x7F ? $"\\u{(int)c:X4}" : c.ToString()));
}
