namespace Soldr.Core.Requests;

/// <summary>A saved request with its journey to each destination, as an operator reads it.</summary>
public sealed record RequestDetails(
    Guid Id,
    string Webhook,
    string State,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string? SourceAddress,
    IReadOnlyList<DeliveryDetails> Deliveries);

public sealed record DeliveryDetails(
    Guid Id,
    string Destination,
    string State,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptDetails> Attempts);

public sealed record AttemptDetails(
    int Number,
    DateTimeOffset StartedAt,
    double DurationMs,
    int? StatusCode,
    string? ErrorKind,
    string? ErrorMessage,
    IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders,
    byte[]? ResponseBody);
