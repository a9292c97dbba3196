namespace Soldr.Core.Webhooks;

/// <summary>
/// Credentials in a destination URL (<c>https://user:pass@host/</c>) are never shown back: the API and UI
/// show <c>https://***@host/</c>. A URL sent back with that marker stands for the stored one it came from,
/// so reading a webhook and writing it back keeps its credentials.
/// </summary>
public static class UrlCredentials
{
    public const string Marker = "***";

    /// <summary><paramref name="url"/> with its user-info, if any, replaced by the marker; anything unparsable is returned unchanged.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0)
        {
            return url;
        }

        // Replaced in the text as written, so the rest of the URL reads exactly as the operator typed it.
        var start = url.IndexOf("//", StringComparison.Ordinal) + 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = url.AsSpan(start, (end < 0 ? url.Length : end) - start);
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : string.Concat(url.AsSpan(0, start), Marker, url.AsSpan(start + at));
    }

    public static bool IsRedacted(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo == Marker;

    /// <summary>
    /// The stored URL a redacted one stands for: the one of <paramref name="stored"/> that redacts to it.
    /// Null when none does (or several do, and which one is meant cannot be known).
    /// </summary>
    public static string? Restore(string redacted, IEnumerable<string> stored)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        ArgumentNullException.ThrowIfNull(stored);
        var matches = stored.Where(url => string.Equals(Redact(url), redacted, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
