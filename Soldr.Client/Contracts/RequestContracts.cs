namespace Soldr.Client.Contracts;

/// <summary>
/// One row of the requests list. <see cref="Outcome"/> sums up its deliveries: <c>pending</c> (some still
/// to be sent), <c>held</c> (waiting for a disabled destination or webhook), <c>succeeded</c>, <c>failed</c>,
/// <c>partial</c> (some succeeded, others failed or were cancelled), <c>cancelled</c>, <c>unroutable</c> (no
/// webhook or destination) or <c>received</c> (not routed yet).
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
    DateTimeOffset? LastAttemptAt,
    string? EventType = null);

/// <summary>A page of requests, newest first; <see cref="NextCursor"/> fetches the next (older) page.</summary>
public sealed record RequestPage(IReadOnlyList<RequestSummary> Items, string? NextCursor);

/// <summary>
/// Filters of <c>GET /api/requests</c> and <c>POST /api/requests/cancel</c>. <see cref="Outcome"/> takes
/// the values of <see cref="RequestSummary.Outcome"/>; <see cref="Status"/> matches a delivery's last
/// response status; times bound <c>received_at</c>; <see cref="DestinationId"/> picks requests with a
/// delivery to that destination (and a bulk action acts on that destination's deliveries only).
/// </summary>
public sealed record RequestFilter(
    string? Webhook = null,
    string? Outcome = null,
    long? DestinationId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int? Status = null,
    string? EventType = null);

/// <summary>
/// A request in full: the raw request as received, its revisions (edits), each delivery with every
/// attempt. Bodies are text when valid UTF-8 and always base64. <see cref="Verification"/> is how ingest
/// verified it (null: its webhook checked nothing); <see cref="EventKey"/> the key it was de-duplicated on;
/// <see cref="DuplicateOf"/> the first request of its event when it was a repeat.
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
    IReadOnlyList<DeliveryDetailView> Deliveries,
    VerificationView? Verification = null,
    string? EventKey = null,
    Guid? DuplicateOf = null,
    string? EventType = null);

/// <summary>How ingest verified a request: the check (<c>stripe</c>, <c>networks</c>, ...), whether it passed, and what it found.</summary>
public sealed record VerificationView(string Method, bool Verified, string Detail);

/// <summary>An edit of a request: what is sent from now on. Revision 0 is never stored: it is the original.</summary>
public sealed record RevisionView(
    int Number,
    DateTimeOffset CreatedAt,
    string Method,
    IReadOnlyList<string[]> Headers,
    string? Body,
    string BodyBase64,
    string? DestinationUrl);

/// <summary>
/// One delivery: <see cref="State"/> is pending, held (its destination or webhook is disabled), succeeded,
/// failed, cancelled or filtered (the request did not match the destination's filter, for
/// <see cref="FilteredReason"/>; never sent); <see cref="Destination"/> is the destination's URL without credentials.
/// </summary>
public sealed record DeliveryDetailView(
    Guid Id,
    long DestinationId,
    string Destination,
    string State,
    bool InFlight,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptDetailView> Attempts,
    string? FilteredReason = null);

/// <summary>
/// One attempt. <see cref="Url"/> is where it was sent, without credentials (an edit may have redirected it;
/// null for attempts recorded before Soldr kept it). <see cref="ErrorMessage"/> ends with the innermost cause.
/// </summary>
public sealed record AttemptDetailView(
    int Number,
    int Revision,
    DateTimeOffset StartedAt,
    double DurationMs,
    int? StatusCode,
    string? ErrorKind,
    string? ErrorMessage,
    IReadOnlyList<string[]>? ResponseHeaders,
    string? ResponseBody,
    string? Url);

/// <summary>
/// The body of <c>PUT /api/requests/{id}</c>: a new revision. Unset fields keep the latest revision's
/// value. <see cref="DestinationUrl"/> redirects this request's deliveries (all of them, or only
/// <see cref="DeliveryId"/>'s). <see cref="Resend"/> re-sends the deliveries it names at once; left out,
/// nothing is sent until the next re-send.
/// </summary>
public sealed record RequestEdit(
    string? Method = null,
    IReadOnlyList<string[]>? Headers = null,
    string? Body = null,
    string? BodyBase64 = null,
    string? DestinationUrl = null,
    Guid? DeliveryId = null,
    DeliverySelection? Resend = null);

/// <summary>
/// Which of a request's deliveries a re-send or cancellation acts on: the ones named in
/// <see cref="DeliveryIds"/>, or all of them with <see cref="All"/>. Exactly one of the two.
/// </summary>
public sealed record DeliverySelection(bool All = false, IReadOnlyList<Guid>? DeliveryIds = null);

/// <summary>
/// What a re-send or cancellation did to one request: every delivery it chose, with its state afterwards,
/// whether the call changed it, and whether it was being sent at that moment.
/// </summary>
public sealed record DeliveriesChanged(
    int Queued,
    int Held,
    int Cancelled,
    int InFlight,
    bool Rerouted,
    IReadOnlyList<DeliveryChangeView> Deliveries);

public sealed record DeliveryChangeView(Guid DeliveryId, long DestinationId, string Destination, string State, bool Changed, bool InFlight);

/// <summary>
/// The body of <c>POST /api/requests/resend</c>: the filters of the list, which deliveries of the matching
/// requests to send again (<c>failed</c> ones only, or <c>all</c>: succeeded ones too), and when: now
/// (no <see cref="At"/>) or at a time. It runs as a background job on a worker; what it matches is decided
/// when it runs, among the requests received until then.
/// </summary>
public sealed record BulkResend(
    string? Deliveries = null,
    string? Webhook = null,
    string? Outcome = null,
    long? DestinationId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int? Status = null,
    DateTimeOffset? At = null,
    string? EventType = null)
{
    public RequestFilter Filter => new(Webhook, Outcome, DestinationId, From, To, Status, EventType);
}

/// <summary>What a bulk cancellation did: deliveries queued, held, cancelled; requests touched and routed again.</summary>
public sealed record BulkChanged(long Queued, long Held, long Cancelled, long Requests, long Rerouted);

/// <summary>
/// A bulk re-send (<c>GET /api/resends/{id}</c>). State: <c>scheduled</c> (waiting for <see cref="RunAt"/>),
/// <c>queued</c> (waiting for a worker), <c>running</c>, <c>succeeded</c>, <c>failed</c> (see
/// <see cref="Error"/>; retrying its Hangfire job carries on where it stopped) or <c>cancelled</c>.
/// <see cref="Total"/> requests matched when it started; <see cref="Processed"/> of them are done, and
/// their deliveries were <see cref="Queued"/> (to be sent now) or <see cref="Held"/> (a disabled
/// destination or webhook); <see cref="Rerouted"/> requests went back to routing.
/// </summary>
public sealed record ResendView(
    long Id,
    string State,
    string Deliveries,
    RequestFilter Filter,
    string Description,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? RunAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? Total,
    long Processed,
    long Queued,
    long Held,
    long Rerouted,
    string? Error,
    string? JobId);
