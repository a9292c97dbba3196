namespace Soldr.Client.Contracts;

/// <summary>
/// Where a webhook's requests say what kind of event they carry (<c>Soldr:Webhooks:&lt;name&gt;:EventType</c>):
/// a header (<c>X-GitHub-Event</c>, <c>X-Shopify-Topic</c>, <c>X-Event-Type</c>) or a JSON path into the body
/// (<c>$.type</c> for Stripe). The type is stored with each request, shown and filterable.
/// </summary>
public sealed class EventTypeSettings
{
    public string? Header { get; set; }

    public string? JsonPath { get; set; }
}
