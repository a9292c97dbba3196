namespace Soldr.Core.Deliveries;

/// <summary>
/// A claimed delivery: what to send, where, under which policy, and the lease that entitles this worker
/// to finish it. <see cref="Revision"/> is the edit of the request being sent (0: the original);
/// <see cref="AttemptBase"/> the attempts made before the last manual re-send, which the retry budget
/// does not count. <see cref="Scheme"/> is how the provider reached ingest (null if not recorded);
/// <see cref="Redirected"/> says the URL is an edit's, not the destination's own; <see cref="EventType"/> is the
/// request's event type, if its webhook reads one. <see cref="ClaimedAt"/> is when the claim that leased it began.
/// </summary>
public sealed record DeliveryWork(
    Guid DeliveryId,
    Guid Lease,
    DateTimeOffset LeaseExpiresAt,
    int AttemptNumber,
    Guid RequestId,
    string WebhookName,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? SourceAddress,
    string? TraceParent,
    string? TraceState,
    long DestinationId,
    string DestinationUrl,
    DeliveryPolicy Policy,
    int Revision,
    int AttemptBase = 0,
    string? Scheme = null,
    bool Redirected = false,
    string? EventType = null,
    DateTimeOffset ClaimedAt = default);
