using System.Text.Json;

namespace Soldr.Client.Contracts;

/// <summary><c>GET /api/stats</c>: the state of the relay at a glance.</summary>
public sealed record StatsView(
    DateTimeOffset At,
    IReadOnlyDictionary<string, long> DeliveriesByState,
    long RequestsLastHour,
    long RequestsLastDay,
    long SucceededLastHour,
    long FailedLastHour,
    long SucceededLastDay,
    long FailedLastDay,
    double? SuccessRateLastDay,
    long QueueDepth,
    double? OldestPendingSeconds,
    int OpenAlerts,
    IReadOnlyList<FailingDestination> TopFailingDestinations,
    IReadOnlyList<MinuteCount> PerMinute);

public sealed record FailingDestination(long DestinationId, string Webhook, string Url, long FailedLastDay, int? LastStatusCode);

/// <summary>Requests received and deliveries failed in one minute (the last 24 h, oldest first).</summary>
public sealed record MinuteCount(DateTimeOffset Minute, long Requests, long Failures);

/// <summary>
/// <c>GET /api/jobs</c>: the delivery queue the way a job dashboard shows it, the recurring jobs and
/// the live workers.
/// </summary>
public sealed record JobsView(
    QueueCounts Queue,
    IReadOnlyList<RecurringJobView> RecurringJobs,
    IReadOnlyList<WorkerView> Workers);

/// <summary>
/// Enqueued: due now, waiting for a worker. Scheduled: waiting for a retry time. Processing: leased by
/// a worker. Succeeded and failed: finished in the last 24 h. Held: waiting for a disabled destination or webhook.
/// </summary>
public sealed record QueueCounts(long Enqueued, long Scheduled, long Processing, long Succeeded, long Failed, long Held);

/// <summary>One queue state's deliveries (<c>GET /api/jobs/queue/{state}</c>), most relevant first.</summary>
public sealed record QueueItem(
    Guid DeliveryId,
    Guid RequestId,
    string Webhook,
    string Destination,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastErrorKind);

public sealed record RecurringJobView(
    string Name,
    string Schedule,
    bool Paused,
    DateTimeOffset? PreviousFire,
    DateTimeOffset? NextFire,
    string? LastOutcome,
    double? LastDurationMs,
    long? LastRowsAffected,
    string? LastMessage);

public sealed record WorkerView(Guid Id, string Host, int ProcessId, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, int InFlight);

/// <summary>
/// An alert: <see cref="Kind"/> <c>failures</c> (deliveries given up; <see cref="FailedDeliveries"/> counts
/// them) or <c>circuit</c> (the destination's circuit opened and holds its deliveries; <see cref="DisabledAt"/>
/// is when staying open disabled the destination).
/// </summary>
public sealed record AlertView(
    long Id,
    string State,
    string Webhook,
    long DestinationId,
    string Destination,
    string Reason,
    int FailedDeliveries,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    bool Notified,
    string Kind = "failures",
    DateTimeOffset? DisabledAt = null);

/// <summary>
/// One change made through the management API: who (the UI session or API client), what, to which object,
/// and the object before and after (credentials left out) where the change has one.
/// </summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset At, string Action, string Subject, string? Detail, string? Actor, JsonElement? Before, JsonElement? After);

/// <summary>A page of a list that can grow without bound, newest first.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
