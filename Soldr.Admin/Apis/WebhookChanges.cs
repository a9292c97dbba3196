using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>What an update changed on a webhook, in words for the audit log: enabled, destinations, settings.</summary>
internal static class WebhookChanges
{
    public static IReadOnlyList<string> Between(WebhookRecord before, WebhookRecord after)
    {
        var changes = new List<string>();
        if (before.Enabled != after.Enabled)
        {
            changes.Add(after.Enabled ? "enabled" : "disabled");
        }

        if (!SameJson(before.Settings, after.Settings))
        {
            changes.Add("settings changed");
        }

        var old = before.Destinations.ToDictionary(d => d.Url, StringComparer.Ordinal);
        foreach (var destination in after.Destinations)
        {
            var url = UrlCredentials.Redact(destination.Url);
            if (!old.Remove(destination.Url, out var previous))
            {
                changes.Add($"destination added: {url}{(destination.Enabled ? string.Empty : " (disabled)")}");
                continue;
            }

            if (previous.Enabled != destination.Enabled)
            {
                changes.Add($"destination {(destination.Enabled ? "enabled" : "disabled")}: {url}");
            }

            if (!SameJson(previous.Settings, destination.Settings))
            {
                changes.Add($"destination settings changed: {url}");
            }
        }

        changes.AddRange(old.Keys.Select(url => $"destination removed: {UrlCredentials.Redact(url)}"));
        return changes;
    }

    // Stored as jsonb, so equal settings read back as equal text.
    private static bool SameJson(string a, string b) => string.Equals(a, b, StringComparison.Ordinal);
}
