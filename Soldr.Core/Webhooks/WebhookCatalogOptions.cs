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

public sealed class WebhookDefinition
{
    public bool Enabled { get; set; } = true;

    public List<DestinationDefinition> Destinations { get; } = [];
}

public sealed class DestinationDefinition
{
    public string? Url { get; set; }

    public bool Enabled { get; set; } = true;
}
