using Soldr.Client.Contracts;
using Soldr.Core.Flow;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// Where providers send a webhook's requests: the host form <c>&lt;name&gt;.&lt;base domain&gt;</c> and
/// the path form <c>/w/&lt;name&gt;/</c>, absolute when ingest's endpoint is known
/// (<c>services:ingest:http:0</c>), relative otherwise.
/// </summary>
public sealed class IngestAddresses(IConfiguration configuration)
{
    private readonly string _baseDomain = configuration["Soldr:Ingest:BaseDomain"] ?? "wh.localhost";
    private readonly Uri? _ingest = Uri.TryCreate(configuration["services:ingest:http:0"], UriKind.Absolute, out var uri) ? uri : null;

    public IReadOnlyList<string> For(string name)
    {
        if (_ingest is null)
        {
            return [$"http://{name}.{_baseDomain}/", $"/w/{name}/"];
        }

        var port = _ingest.IsDefaultPort ? string.Empty : $":{_ingest.Port}";
        return [$"{_ingest.Scheme}://{name}.{_baseDomain}{port}/", new Uri(_ingest, $"/w/{name}/").ToString()];
    }

    internal WebhookView View(WebhookRecord webhook) => new(
        webhook.Name,
        webhook.Enabled,
        SettingsSecrets.Masked(SettingsJson.Deserialize<WebhookSettings>(webhook.Settings)),
        [.. webhook.Destinations.Select(d => new DestinationView(
            d.Id, UrlCredentials.Redact(d.Url), d.Enabled, SettingsSecrets.Masked(SettingsJson.Deserialize<DestinationSettings>(d.Settings)),
            Health: d.Circuit?.State == CircuitRecord.Open ? "circuit-open"
                : d.AlertOpen || d.LastSucceeded == false ? "failing" : d.LastSucceeded == true ? "healthy" : "unknown",
            d.LastStatusCode, d.LastAttemptAt, d.AlertOpen, d.Pending, d.Held, d.Circuit))],
        For(webhook.Name),
        webhook.CreatedAt,
        webhook.UpdatedAt);
}
