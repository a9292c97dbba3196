namespace Soldr.Core.Deliveries;

/// <summary>A claimed delivery: what to send, where, and the lease that entitles this worker to finish it.</summary>
public sealed record DeliveryWork(
    Guid DeliveryId,
    Guid Lease,
    int AttemptNumber,
    Guid RequestId,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string DestinationUrl);
