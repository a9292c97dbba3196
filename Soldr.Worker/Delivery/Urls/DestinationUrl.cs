using System.Text;

namespace Soldr.Worker.Delivery.Urls;

/// <summary>
/// A destination URL, parsed once: the origin every delivery to it goes to, its path and query as its
/// operator wrote them, and the credentials of its user-info, which are sent as a header and never in the
/// URL. Nothing a sender controls is ever parsed as part of a URL: the sub-path and query are encoded
/// into it (<see cref="Build"/>), and the result is checked before it is sent (<see cref="Check"/>).
/// </summary>
internal sealed class DestinationUrl
{
    /// <summary>
    /// How every URL is parsed for sending: .NET's default parsing would unescape <c>%2E</c>, resolve dot
    /// segments and turn <c>\</c> into <c>/</c>, so the URL on the wire would not be the one built.
    /// </summary>
    public static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    [ThreadStatic]
    private static StringBuilder? t_builder;

    private readonly Uri _uri;
    private readonly string _origin;
    private readonly string _path;
    private readonly string _query;

    private DestinationUrl(Uri uri, string path, string query)
    {
        _uri = uri;
        _origin = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        _path = path;
        _query = query;
        if (uri.UserInfo.Length > 0)
        {
            // RFC 9110 §11.2: the user-info's user and password, unescaped, as Basic credentials.
            var credentials = Uri.UnescapeDataString(uri.UserInfo);
            Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));
        }
    }

    /// <summary><c>Basic ...</c> from the URL's user-info, or null when it has none.</summary>
    public string? Authorization { get; }

    /// <summary>Parses an absolute http or https URL; anything else gives null.</summary>
    public static DestinationUrl? Parse(string url)
    {
        if (!Uri.TryCreate(url, AsWritten, out var uri)
            || !uri.IsAbsoluteUri
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            return null;
        }

        // Parsed as written, the fragment stays in the path or query; it is never sent.
        var pathAndQuery = uri.PathAndQuery.AsSpan();
        var hash = pathAndQuery.IndexOf('#');
        if (hash >= 0)
        {
            pathAndQuery = pathAndQuery[..hash];
        }

        var question = pathAndQuery.IndexOf('?');
        var path = question >= 0 ? pathAndQuery[..question] : pathAndQuery;
        var query = question >= 0 ? pathAndQuery[(question + 1)..] : [];
        var builder = new StringBuilder();
        UrlEncoding.AppendPathAsWritten(builder, path.IsEmpty ? "/" : path);
        var encodedPath = builder.ToString();
        builder.Clear();
        UrlEncoding.AppendQuery(builder, query);
        return new DestinationUrl(uri, encodedPath, builder.ToString());
    }

    /// <summary>
    /// The URL a request with this sub-path and raw query is delivered to: the destination's origin and
    /// path, then the sub-path segment by segment (split on <c>/</c>, each encoded so it stays one segment),
    /// then the destination's query and the request's. Without <paramref name="appendPath"/>, the
    /// destination alone.
    /// </summary>
    public string Build(string path, string query, bool appendPath)
    {
        var url = t_builder ??= new StringBuilder(256);
        url.Clear().Append(_origin);
        var appendsPath = appendPath && !string.IsNullOrEmpty(path) && path != "/";
        if (appendsPath)
        {
            url.Append(_path.AsSpan().TrimEnd('/'));
            var segments = path.AsSpan();
            if (segments[0] == '/')
            {
                segments = segments[1..];
            }

            foreach (var range in segments.Split('/'))
            {
                url.Append('/');
                UrlEncoding.AppendSegment(url, segments[range]);
            }
        }
        else
        {
            url.Append(_path);
        }

        var appendsQuery = appendPath && !string.IsNullOrEmpty(query);
        if (_query.Length > 0 || appendsQuery)
        {
            url.Append('?').Append(_query);
            if (appendsQuery)
            {
                if (_query.Length > 0)
                {
                    url.Append('&');
                }

                UrlEncoding.AppendQuery(url, query);
            }
        }

        var built = url.ToString();
        if (url.Capacity > 16 * 1024)
        {
            // A rare huge URL does not pin its buffer to the thread.
            t_builder = null;
        }

        return built;
    }

    /// <summary>
    /// Parses <paramref name="built"/> for sending and checks that it stays inside this destination: the same
    /// scheme, host and port, no user-info, and a path that starts with the destination's and that no
    /// receiver would resolve above it. Returns why not, or null with the URI to send.
    /// </summary>
    public string? Check(string built, out Uri? uri)
    {
        uri = null;
        if (!Uri.TryCreate(built, AsWritten, out var parsed))
        {
            return "the URL could not be parsed (a URL may have at most 65,519 characters)";
        }

        if (!string.Equals(parsed.Scheme, _uri.Scheme, StringComparison.Ordinal)
            || !string.Equals(parsed.Host, _uri.Host, StringComparison.OrdinalIgnoreCase)
            || parsed.Port != _uri.Port
            || parsed.UserInfo.Length != 0)
        {
            return "the URL would not go to the destination's scheme, host and port";
        }

        var sent = parsed.PathAndQuery.AsSpan();
        if (sent.ContainsAnyExcept(UrlCharacters))
        {
            return "the URL would contain a character that may not be sent";
        }

        var question = sent.IndexOf('?');
        var path = question >= 0 ? sent[..question] : sent;
        if (!path.SequenceEqual(_path))
        {
            var basePath = _path.AsSpan().TrimEnd('/');
            if (!path.StartsWith(basePath, StringComparison.Ordinal) || path.Length == basePath.Length || path[basePath.Length] != '/')
            {
                return "the URL's path would not start with the destination's path";
            }

            if (ReceiverPaths.ClimbsAbove(path[basePath.Length..]))
            {
                return "a receiver that decodes %2E, %2F or %5C (or takes a backslash for a slash) before resolving dot segments "
                    + "would be led above the destination's path";
            }
        }

        uri = parsed;
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> UrlCharacters = System.Buffers.SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%");
}
