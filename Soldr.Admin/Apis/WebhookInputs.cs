using System.Text.Json;
using Soldr.Client.Contracts;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// A webhook as posted, made ready to store: URLs shown with their credentials redacted stand for the
/// stored URL they came from, and settings' secrets shown as <c>***</c> for the stored secrets; signing
/// turned on without a secret gets a new one; then the whole is checked. Also the snapshot of a webhook
/// the audit log keeps.
/// </summary>
internal static class WebhookInputs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static (WebhookInput Resolved, Dictionary<string, string[]> Errors, List<(string Url, string Secret)> Generated) Resolve(
        WebhookInput input, WebhookRecord? existing)
    {
        var stored = existing?.Destinations.Select(d => d.Url).ToList() ?? [];
        var restoreErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var destinations = (input.Destinations ?? []).Select((d, i) =>
        {
            if (!UrlCredentials.IsRedacted(d.Url))
            {
                return d;
            }

            if (UrlCredentials.Restore(d.Url, stored) is { } url)
            {
                return d with { Url = url };
            }

            restoreErrors[$"destinations[{i}].url"] =
                [$"'{UrlCredentials.Marker}' stands for the credentials of an existing destination with this URL, "
                    + "and this webhook has none: give the credentials."];
            return d;
        }).ToList();
        var resolved = input with { Destinations = input.Destinations is null ? null : destinations };
        var generated = new List<(string Url, string Secret)>();
        var secretErrors = new List<(string Field, List<string> Failures)>();
        if (resolved.Settings is { } settings)
        {
            var storedSettings = existing is null ? null : SettingsJson.Deserialize<WebhookSettings>(existing.Settings);
            secretErrors.Add(("settings", SettingsSecrets.Restore(settings, storedSettings)));
        }

        for (var i = 0; i < destinations.Count; i++)
        {
            if (destinations[i].Settings is not { } own)
            {
                continue;
            }

            var match = existing?.Destinations.FirstOrDefault(d => string.Equals(d.Url, destinations[i].Url, StringComparison.Ordinal));
            var storedOwn = match is null ? null : SettingsJson.Deserialize<DestinationSettings>(match.Settings);
            secretErrors.Add(($"destinations[{i}].settings", SettingsSecrets.Restore(own, storedOwn)));
            if (SettingsSecrets.GenerateMissingSigningSecret(own) is { } secret)
            {
                generated.Add((destinations[i].Url, secret));
            }
        }

        var errors = WebhookValidation.Check(resolved);
        foreach (var (field, messages) in restoreErrors)
        {
            errors[field] = messages;
        }

        foreach (var (field, failures) in secretErrors)
        {
            WebhookValidation.AddRuleFailures(errors, field, failures);
        }

        return (resolved, errors, generated);
    }

    public static WebhookDraft Draft(WebhookInput input) => new(
        input.Name,
        input.Enabled,
        SettingsJson.Serialize(input.Settings ?? new WebhookSettings()),
        [.. (input.Destinations ?? []).Select(d =>
            new DestinationDraft(d.Url, d.Enabled, SettingsJson.Serialize(d.Settings ?? new DestinationSettings())))]);

    /// <summary>What an operator set on the webhook, as JSON in the shape of the API's input, without credentials or secrets.</summary>
    public static string Snapshot(WebhookRecord webhook) => JsonSerializer.Serialize(
        new WebhookInput(
            webhook.Name,
            webhook.Enabled,
            SettingsSecrets.Masked(SettingsJson.Deserialize<WebhookSettings>(webhook.Settings)),
            [.. webhook.Destinations.Select(d => new DestinationInput(
                UrlCredentials.Redact(d.Url), d.Enabled, SettingsSecrets.Masked(SettingsJson.Deserialize<DestinationSettings>(d.Settings))))]),
        Json);
}
