namespace Soldr.Core.Diagnostics;

/// <summary>
/// A URL as it may appear in logs: destinations often carry credentials in the user-info part or a
/// token in the query, so both are dropped and only scheme, host, port and path remain.
/// </summary>
public static class LogSafeUrl
{
    public static string From(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(invalid URL)";
        }

        var redacted = uri.GetLeftPart(UriPartial.Path);
        if (uri.UserInfo.Length > 0)
        {
            redacted = redacted.Replace(uri.UserInfo + "@", string.Empty, StringComparison.Ordinal);
        }

        return uri.Query.Length > 0 ? redacted + "?…" : redacted;
    }
}
