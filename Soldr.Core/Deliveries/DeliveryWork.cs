namespace Soldr.Core.Deliveries;

/// <summary>A claimed delivery: what to send, where, under which policy, and the lease that entitles this worker to finish it.</summary>
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
    DeliveryPolicy Policy);
