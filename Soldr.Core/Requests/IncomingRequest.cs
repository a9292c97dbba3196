namespace Soldr.Core.Requests;

/// <summary>A request exactly as a provider sent it, with what is needed to deliver and trace it.</summary>
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
    string? TraceState);
