namespace Soldr.Core.Signals;

/// <summary>
/// Redis pub/sub channels that wake workers as soon as there is work, instead of waiting for their
/// next poll. A lost message only costs latency: workers poll PostgreSQL as well.
/// </summary>
public static class WakeUpChannels
{
    /// <summary>Ingest publishes here after a request is committed.</summary>
    public const string RequestsSaved = "soldr:wake:requests";

    /// <summary>
    /// The message the management API publishes on <see cref="RequestsSaved"/> after it queued deliveries
    /// to be sent now (a re-send): workers route and claim at once. Any other message only wakes routing.
    /// </summary>
    public const string DeliveriesQueued = "deliveries-queued";
}
