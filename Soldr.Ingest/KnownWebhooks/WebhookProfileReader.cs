using System.Text.Json;
using Soldr.Client.Contracts;
using Soldr.Core.Deduplication;
using Soldr.Core.Json;
using Soldr.Core.Verification;
using Soldr.Core.Webhooks;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// Turns a <c>webhooks.settings</c> column into a profile. Settings are validated when written; a column
/// edited by hand into something invalid gives an unreadable profile, whose requests are refused: taking
/// them without the verification it was meant to have would be worse than asking the provider to retry.
/// </summary>
internal static class WebhookProfileReader
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public static WebhookProfile Read(string json)
    {
        WebhookSettings settings;
        try
        {
            settings = SettingsJson.Deserialize<WebhookSettings>(json);
        }
        catch (JsonException)
        {
            return WebhookProfile.Default with { Unreadable = true };
        }

        var failures = new List<string>();
        VerificationRules.Check(settings.Verification, string.Empty, failures);
        DeduplicationRules.Check(settings.Deduplication, string.Empty, failures);
        EventTypeRules.Check(settings.EventType, string.Empty, failures);
        RateWindowRules.Check(settings.IngestLimits, "IngestLimits", failures);
        if (failures.Count > 0)
        {
            return WebhookProfile.Default with { Unreadable = true };
        }

        return new WebhookProfile(
            settings.ResponseStatus is { } status && SettingsRules.IsResponseStatus(status) ? status : WebhookProfile.DefaultStatus,
            settings.Verification,
            string.Equals(settings.Verification?.OnFailure, "flag", StringComparison.OrdinalIgnoreCase),
            EventKey(settings.Deduplication),
            settings.EventType is { } type ? RequestValue.From(type.Header, type.JsonPath) : null,
            settings.IngestLimits is { Count: > 0 } limits ? limits : null);
    }

    private static EventKeyRule? EventKey(DeduplicationSettings? deduplication) =>
        deduplication is not null && RequestValue.From(deduplication.Header, deduplication.JsonPath) is { } source
            ? new EventKeyRule(source, deduplication.Window ?? DefaultWindow)
            : null;
}
