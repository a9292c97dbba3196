namespace Soldr.Core.Requests;

/// <summary>
/// A request exactly as a provider sent it, with what is needed to deliver and trace it.
/// <see cref="Scheme"/> is how the provider reached ingest (http or https, as a trusted proxy reported it);
/// null for requests saved before it was recorded. <see cref="Verification"/> and <see cref="Deduplication"/>
/// are what ingest found when it took the request, kept with it through the spool: a check made again
/// later would judge a signed timestamp against the wrong time. <see cref="EventType"/> is the type its
/// webhook says where to read, if it says.
/// </summary>
public sealed record IncomingRequest(
    Guid Id,
    string WebhookName,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    string? SourceAddress,
    string? TraceParent,
    string? TraceState,
    string? Scheme = null,
    VerificationOutcome? Verification = null,
    DeduplicationKey? Deduplication = null,
    string? EventType = null);
