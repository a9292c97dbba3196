using Soldr.Core.Requests;

namespace Soldr.Core.Management;

/// <summary>The filters of the requests list and of a bulk re-send; every one optional.</summary>
public sealed record RequestSearch(
    string? Webhook = null,
    string? Outcome = null,
    long? DestinationId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int? Status = null,
    string? EventType = null);

/// <summary>Where a page of requests starts: strictly older than this (received_at, id).</summary>
public sealed record RequestCursor(DateTimeOffset ReceivedAt, Guid Id);

public sealed record RequestRow(
    Guid Id, string Webhook, string Outcome, DateTimeOffset ReceivedAt, string Method, string Path, string Query, int BodyBytes,
    int Deliveries, int Attempts, int? LastStatusCode, DateTimeOffset? LastAttemptAt, string? EventType = null);

/// <summary>
/// A request in full for the management API: original, revisions, deliveries and attempts, how ingest
/// verified it, its event key and, for a repeat, the first request of its event.
/// </summary>
public sealed record RequestRecord(
    Guid Id, string Webhook, string State, string Outcome, DateTimeOffset ReceivedAt, string Method, string Path, string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string? SourceAddress,
    IReadOnlyList<RevisionRecord> Revisions, IReadOnlyList<DeliveryRecord> Deliveries,
    VerificationOutcome? Verification = null, string? EventKey = null, Guid? DuplicateOf = null, string? EventType = null);

public sealed record RevisionRecord(
    int Number, DateTimeOffset CreatedAt, string Method, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body,
    string? DestinationUrl, Guid? DeliveryId);

public sealed record DeliveryRecord(
    Guid Id, long DestinationId, string Destination, string State, bool InFlight, int AttemptCount, DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptRecordView> Attempts, string? FilteredReason = null);

/// <summary>One attempt; <see cref="Url"/> is where it was sent (null for attempts recorded before Soldr kept it).</summary>
public sealed record AttemptRecordView(
    int Number, int Revision, DateTimeOffset StartedAt, double DurationMs, int? StatusCode, string? ErrorKind, string? ErrorMessage,
    IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders, byte[]? ResponseBody, string? Url);

/// <summary>An edit: null fields keep the latest revision's value.</summary>
public sealed record RevisionDraft(
    string? Method, IReadOnlyList<KeyValuePair<string, string>>? Headers, byte[]? Body, string? DestinationUrl, Guid? DeliveryId);

public enum EditOutcome
{
    Created,
    NotFound,
    InFlight,
    UnknownDelivery,
}
