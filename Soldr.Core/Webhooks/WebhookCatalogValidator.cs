using Microsoft.Extensions.Options;

namespace Soldr.Core.Webhooks;

/// <summary>Rejects a bad declaration at start-up with the exact configuration key at fault.</summary>
internal sealed class WebhookCatalogValidator : IValidateOptions<WebhookCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (webhookName, webhook) in options.Webhooks)
        {
            var key = $"Soldr:Webhooks:{webhookName}";
            if (!WebhookName.IsValid(webhookName.ToLowerInvariant()))
            {
                failures.Add($"{key}: '{webhookName}' is not a valid webhook name ({WebhookName.Rule}).");
            }

            SettingsRules.Check(webhook.ToSettings(), $"{key}:", failures);
            for (var i = 0; i < webhook.Destinations.Count; i++)
            {
                var destination = webhook.Destinations[i];
                if (!IsHttpUrl(destination.Url))
                {
                    // The value is not repeated: destination URLs often embed credentials or tokens.
                    failures.Add($"{key}:Destinations:{i}:Url must be an absolute http or https URL.");
                }

                SettingsRules.Check(destination.ToSettings(), $"{key}:Destinations:{i}:", failures, destination.Url);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
