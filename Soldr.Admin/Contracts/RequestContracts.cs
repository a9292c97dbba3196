namespace Soldr.Admin.Contracts;

/// <summary>
/// One row of the requests list. <see cref="Outcome"/> sums up its deliveries: <c>pending</c>,
/// <c>succeeded</c>, <c>failed</c>, <c>partial</c> (some succeeded, some failed), <c>unroutable</c> or
/// <c>received</c> (not routed yet).
/// </summary>
public sealed record RequestSummary(
    Guid Id,
    string Webhook,
    string Outcome,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    int BodyBytes,
    int Deliveries,
    int Attempts,
    int? LastStatusCode,
    DateTimeOffset? LastAttemptAt);

/// <summary>A page of requests, newest first; <see cref="NextCursor"/> fetches the next (older) page.</summary>
public sealed record RequestPage(IReadOnlyList<RequestSummary> Items, string? NextCursor);

/// <summary>
/// Filters of <c>GET /api/requests</c> and <c>POST /api/requests/resend</c>. <see cref="Outcome"/> takes
/// the values of <see cref="RequestSummary.Outcome"/>; <see cref="Status"/> matches a delivery's last
/// response status; times bound <c>received_at</c>.
/// </summary>
public sealed record RequestFilter(
    string? Webhook = null,
    string? Outcome = null,
    long? DestinationId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int? Status = null);

/// <summary>
/// A request in full: the raw request as received, its revisions (edits), each delivery with every
/// attempt. Bodies are text when valid UTF-8 and always base64.
/// </summary>
public sealed record RequestDetailView(
    Guid Id,
    string Webhook,
    string State,
    string Outcome,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyList<string[]> Headers,
    string? Body,
    string BodyBase64,
    string? SourceAddress,
    IReadOnlyList<RevisionView> Revisions,
    IReadOnlyList<DeliveryDetailView> Deliveries);

/// <summary>An edit of a request: what is sent from now on. Revision 0 is never stored: it is the original.</summary>
public sealed record RevisionView(
    int Number,
    DateTimeOffset CreatedAt,
    string Method,
    IReadOnlyList<string[]> Headers,
    string? Body,
    string BodyBase64,
    string? DestinationUrl);

public sealed record DeliveryDetailView(
    Guid Id,
    long DestinationId,
    string Destination,
    string State,
    bool InFlight,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptDetailView> Attempts);

public sealed record AttemptDetailView(
    int Number,
    int Revision,
    DateTimeOffset StartedAt,
    double DurationMs,
    int? StatusCode,
    string? ErrorKind,
    string? ErrorMessage,
    IReadOnlyList<string[]>? ResponseHeaders,
    string? ResponseBody);

/// <summary>
/// The body of <c>PUT /api/requests/{id}</c>: a new revision. Unset fields keep the latest revision's
/// value. <see cref="DestinationUrl"/> redirects this request's deliveries (all of them, or only
/// <see cref="DeliveryId"/>'s). With <see cref="Resend"/> the request is re-sent at once.
/// </summary>
public sealed record RequestEdit(
    string? Method = null,
    IReadOnlyList<string[]>? Headers = null,
    string? Body = null,
    string? BodyBase64 = null,
    string? DestinationUrl = null,
    Guid? DeliveryId = null,
    bool Resend = false);

/// <summary>How many deliveries were queued to be sent now.</summary>
public sealed record ResendResult(int Queued);
