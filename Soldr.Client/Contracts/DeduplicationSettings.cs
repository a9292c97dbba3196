namespace Soldr.Client.Contracts;

/// <summary>
/// What makes two requests to a webhook the same event (<c>Soldr:Webhooks:&lt;name&gt;:Deduplication</c>): a
/// header (<c>Idempotency-Key</c>, <c>X-GitHub-Delivery</c>, <c>webhook-id</c>) or a JSON path into the body
/// (<c>$.id</c>). A repeat within <see cref="Window"/> is answered like the first, kept as a duplicate and
/// not delivered. A request without the key is never a duplicate.
/// </summary>
public sealed class DeduplicationSettings
{
    public string? Header { get; set; }

    public string? JsonPath { get; set; }

    /// <summary>How long after the first a repeat is still a duplicate; 24 hours by default.</summary>
    public TimeSpan? Window { get; set; }
}
