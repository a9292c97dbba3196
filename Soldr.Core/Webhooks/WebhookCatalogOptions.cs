using Soldr.Client.Contracts;

namespace Soldr.Core.Webhooks;

/// <summary>
/// Webhooks declared in configuration (<c>Soldr:Webhooks:&lt;name&gt;:Destinations:&lt;i&gt;:Url</c>), upserted
/// at start-up. Webhooks created through the management API live only in the database.
/// </summary>
public sealed class WebhookCatalogOptions
{
    public const string Section = "Soldr";

    public Dictionary<string, WebhookDefinition> Webhooks { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// <c>Soldr:Webhooks:&lt;name&gt;</c>: the webhook's settings (every key of <see cref="WebhookSettings"/>, so a
/// setting added there can be declared here at once) beside its destinations.
/// </summary>
public sealed class WebhookDefinition : WebhookSettings
{
    public bool Enabled { get; set; } = true;

    public List<DestinationDefinition> Destinations { get; } = [];

    /// <summary>The settings alone, as stored in <c>webhooks.settings</c>.</summary>
    public WebhookSettings ToSettings() => SettingsJson.Deserialize<WebhookSettings>(SettingsJson.Serialize<WebhookSettings>(this));
}

/// <summary>A destination's URL and enabled flag beside every key of <see cref="DestinationSettings"/>.</summary>
public sealed class DestinationDefinition : DestinationSettings
{
    public string? Url { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The settings alone, as stored in <c>destinations.settings</c>: a copy, which the seeder may complete.</summary>
    public DestinationSettings ToSettings() => SettingsJson.Deserialize<DestinationSettings>(SettingsJson.Serialize<DestinationSettings>(this));
}
