namespace Soldr.Core.Diagnostics;

/// <summary>
/// A URL as it may appear in logs. Destinations carry secrets in every part but the host: credentials
/// in the user-info, tokens in the query, and whole keys in the path (Slack, Discord and Teams webhook
/// URLs). So only scheme, host and port are kept, with an ellipsis where something was left out.
/// </summary>
public static class LogSafeUrl
{
    public static string From(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(invalid URL)";
        }

        var origin = uri.GetLeftPart(UriPartial.Authority);
        if (uri.UserInfo.Length > 0)
        {
            origin = origin.Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal);
        }

        return uri.PathAndQuery is "/" or "" ? origin + "/" : origin + "/…";
    }
}
