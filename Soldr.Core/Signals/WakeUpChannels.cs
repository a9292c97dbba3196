namespace Soldr.Core.Signals;

/// <summary>
/// Redis pub/sub channels that wake workers as soon as there is work, instead of waiting for their
/// next poll. A lost message only costs latency: workers poll PostgreSQL as well.
/// </summary>
public static class WakeUpChannels
{
    /// <summary>
    /// Ingest publishes here after it committed requests that got deliveries; the management API after it
    /// queued deliveries or sent requests back to routing (message <see cref="DeliveriesQueued"/>).
    /// </summary>
    public const string RequestsSaved = "soldr:wake:requests";

    /// <summary>The message the management API publishes on <see cref="RequestsSaved"/>: workers claim and route at once.</summary>
    public const string DeliveriesQueued = "deliveries-queued";
}
