using Soldr.Core.Webhooks;

namespace Soldr.Ingest.Ingestion;

/// <summary>Which webhook a request addresses, from its host (<c>acme.wh.localhost</c>) or path (<c>/w/acme/...</c>).</summary>
public static class WebhookAddress
{
    /// <summary>
    /// The webhook name when <paramref name="host"/> is exactly one valid label under
    /// <paramref name="baseDomain"/>; null otherwise (including deeper names like <c>a.b.wh.localhost</c>).
    /// </summary>
    public static string? FromHost(string host, string baseDomain)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(baseDomain);
        var suffix = "." + baseDomain;
        if (!host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var label = host[..^suffix.Length].ToLowerInvariant();
        return WebhookName.IsValid(label) ? label : null;
    }

    /// <summary>The webhook name from the path form's <c>{name}</c> segment, or null if it is not a valid name.</summary>
    public static string? FromPathSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var name = segment.ToLowerInvariant();
        return WebhookName.IsValid(name) ? name : null;
    }
}
