using Npgsql;
using NpgsqlTypes;
using Soldr.Core.Flow;
using Soldr.Core.Requests;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Records attempts and applies their outcomes: the attempt rows, the deliveries' new states, each
/// destination's alert (opened when a delivery is given up, resolved when one succeeds) and its circuit
/// (failures counted; opened past its limits). An attempt is
/// recorded even when its lease was lost (it did happen); everything else changes only while the lease
/// is still ours. A whole batch is one round trip and one commit: one set-based statement for the
/// attempts and deliveries, plus a statement per alert change, which is what lets a worker record
/// thousands a second on a disk that flushes far fewer times than that.
/// </summary>
public sealed class AttemptRecorder(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string RecordSql = """
        WITH batch AS (
            SELECT * FROM unnest(@delivery, @lease, @number, @revision, @started, @duration, @status,
                                 @headers, @body, @errorKind, @errorMessage, @state, @retryAt, @url, @redirected)
                AS b (delivery_id, lease, number, revision, started_at, duration_ms, status_code,
                      response_headers, response_body, error_kind, error_message, state, retry_at, url, redirected)
        ), attempt AS (
            INSERT INTO attempts (delivery_id, number, revision, started_at, duration_ms, status_code,
                                  response_headers, response_body, error_kind, error_message, url)
            SELECT delivery_id, number, revision, started_at, duration_ms, status_code,
                   response_headers::jsonb, response_body, error_kind, error_message, url
            FROM batch
            WHERE state <> 'filtered'
            ON CONFLICT (delivery_id, number) DO NOTHING
        )
        -- A retry of a delivery held (its destination was disabled) or cancelled while it was being sent
        -- keeps that state: no further attempt. A final outcome is recorded whatever happened meanwhile.
        -- A filtered delivery was never sent: the attempt its claim counted is given back, and what its
        -- last real attempt said stays.
        UPDATE deliveries d
        SET state = CASE WHEN b.state = 'pending' AND d.state IN ('held', 'cancelled') THEN d.state ELSE b.state END,
            next_attempt_at = COALESCE(b.retry_at, d.next_attempt_at),
            completed_at = CASE WHEN b.state <> 'pending' THEN @now WHEN d.state = 'cancelled' THEN d.completed_at END,
            locked_until = NULL, lease = NULL,
            attempt_count = d.attempt_count - CASE WHEN b.state = 'filtered' THEN 1 ELSE 0 END,
            last_attempt_at = CASE WHEN b.state = 'filtered' THEN d.last_attempt_at ELSE b.started_at END,
            last_status_code = CASE WHEN b.state = 'filtered' THEN d.last_status_code ELSE b.status_code END,
            last_error_kind = CASE WHEN b.state = 'filtered' THEN d.last_error_kind ELSE b.error_kind END,
            last_redirected = CASE WHEN b.state = 'filtered' THEN d.last_redirected ELSE b.redirected END,
            filtered_reason = CASE WHEN b.state = 'filtered' THEN b.error_message END
        FROM batch b
        WHERE d.id = b.delivery_id AND d.lease = b.lease
        RETURNING d.id
        """;

    // Runs after the statement above in the same transaction: "failed at @now by this attempt" is how it
    // knows the lease was still ours. One open alert per destination (a partial unique index): further
    // failures only count into it.
    private const string OpenAlertSql = """
        INSERT INTO alerts (destination_id, opened_at, delivery_id, reason)
        SELECT destination_id, @now, id, @reason FROM deliveries
        WHERE id = @delivery AND state = 'failed' AND completed_at = @now AND last_attempt_at = @started
        ON CONFLICT (destination_id, kind) WHERE state = 'open'
        DO UPDATE SET failed_deliveries = alerts.failed_deliveries + 1
        RETURNING (xmax = 0)
        """;

    private const string ResolveAlertSql = """
        UPDATE alerts SET state = 'resolved', resolved_at = @now
        WHERE state = 'open' AND kind = 'failures' AND destination_id = @destination
          AND EXISTS (SELECT 1 FROM deliveries d
                      WHERE d.id = @delivery AND d.state = 'succeeded' AND d.completed_at = @now AND d.last_attempt_at = @started)
        RETURNING id
        """;

    // Each destination's failure counts, from the batch's attempts at it (see CircuitCounts). A success
    // resets the consecutive count; a destination whose count is already 0 and that had only successes is
    // not written at all, so healthy destinations are not locked by every batch. The ratio window is
    // counted only for destinations that set a ratio.
    private const string CountSql = """
        WITH o AS (
            SELECT * FROM unnest(@cDestination, @cAttempts, @cFailures, @cTail, @cWindow)
                AS o (destination_id, attempts, failures, tail, window_seconds)
        )
        UPDATE destinations t
        SET consecutive_failures = CASE WHEN o.tail >= 0 THEN o.tail ELSE t.consecutive_failures + o.failures END,
            window_started_at = CASE WHEN o.window_seconds IS NULL THEN NULL
                                     WHEN t.window_started_at IS NULL OR t.window_started_at <= @now - make_interval(secs => o.window_seconds) THEN @now
                                     ELSE t.window_started_at END,
            window_attempts = CASE WHEN o.window_seconds IS NULL THEN 0
                                   WHEN t.window_started_at IS NULL OR t.window_started_at <= @now - make_interval(secs => o.window_seconds) THEN o.attempts
                                   ELSE t.window_attempts + o.attempts END,
            window_failures = CASE WHEN o.window_seconds IS NULL THEN 0
                                   WHEN t.window_started_at IS NULL OR t.window_started_at <= @now - make_interval(secs => o.window_seconds) THEN o.failures
                                   ELSE t.window_failures + o.failures END
        FROM o
        WHERE t.id = o.destination_id AND (o.failures > 0 OR t.consecutive_failures <> 0 OR o.window_seconds IS NOT NULL)
        """;

    // Runs after CountSql, for the destinations with a failure in the batch: opens each closed circuit whose
    // counts crossed its limits, holds its deliveries (those being sent finish; the recorder keeps them
    // held), and opens its circuit alert.
    private const string TripSql = $"""
        WITH o AS (
            SELECT * FROM unnest(@tDestination, @tThreshold, @tRatio, @tMinimum, @tProbe, @tLast)
                AS o (destination_id, threshold, ratio, minimum, probe_seconds, last_failure)
        ), opened AS (
            UPDATE destinations t
            SET circuit_state = 'open', circuit_opened_at = @now, circuit_opened_by = 'failures',
                circuit_reason = CASE WHEN t.consecutive_failures >= o.threshold
                    THEN format('%s consecutive attempts failed; the last: %s', t.consecutive_failures, o.last_failure)
                    ELSE format('%s of the %s attempts since %s failed; the last: %s',
                                t.window_failures, t.window_attempts, to_char(t.window_started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'), o.last_failure) END,
                circuit_probes = 0, circuit_next_probe_at = @now + make_interval(secs => o.probe_seconds), circuit_disabled_at = NULL
            FROM o
            WHERE t.id = o.destination_id AND t.circuit_state = 'closed'
              AND (t.consecutive_failures >= o.threshold
                   OR (o.ratio IS NOT NULL AND t.window_attempts >= o.minimum AND t.window_failures >= o.ratio * t.window_attempts))
            RETURNING t.id, t.circuit_reason, t.circuit_opened_at, t.circuit_next_probe_at
        ){CircuitSql.HoldAndAlert}
        SELECT id, circuit_opened_at, circuit_next_probe_at, circuit_reason FROM opened
        """;

    public async Task<RecordResult> RecordAsync(DeliveryWork work, AttemptRecord attempt, DeliveryOutcome outcome, CancellationToken cancellationToken) =>
        (await RecordManyAsync([new AttemptToRecord(work, attempt, outcome)], cancellationToken))[0];

    /// <summary>
    /// Records every attempt in one batch: its statements run in one implicit transaction, so they are
    /// committed (and flushed to disk) together, or not at all. Alert changes follow the attempts' order.
    /// </summary>
    public async Task<IReadOnlyList<RecordResult>> RecordManyAsync(IReadOnlyList<AttemptToRecord> attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var now = timeProvider.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(RecordCommand(attempts, now));
        var alertChanges = AddAlertChanges(batch, attempts, now);
        var circuits = CircuitCounts.Of(attempts);
        if (!circuits.IsEmpty)
        {
            circuits.AddCount(batch, CountSql, now);
            circuits.AddTrip(batch, TripSql, now);
        }

        var stillOurs = new HashSet<Guid>();
        var opened = new bool[attempts.Count];
        var resolved = new bool[attempts.Count];
        var tripped = new CircuitOpening?[attempts.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stillOurs.Add(reader.GetGuid(0));
        }

        foreach (var (index, opens) in alertChanges)
        {
            await reader.NextResultAsync(cancellationToken);
            var changed = await reader.ReadAsync(cancellationToken);
            if (opens)
            {
                opened[index] = changed && reader.GetBoolean(0);
            }
            else
            {
                resolved[index] = changed;
            }
        }

        // The count has no result to read; the trip, when added, lists the circuits it opened.
        while (await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var destination = reader.GetInt64(0);
                tripped[circuits.LastIndexOf(destination)] = new CircuitOpening(
                    destination, reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3));
            }
        }

        return [.. attempts.Select((a, i) => new RecordResult(stillOurs.Contains(a.Work.DeliveryId), opened[i], resolved[i], tripped[i]))];
    }

    private static NpgsqlBatchCommand RecordCommand(IReadOnlyList<AttemptToRecord> attempts, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand(RecordSql);
        var p = command.Parameters;
        p.AddWithValue("now", now);
        p.AddWithValue("delivery", attempts.Select(a => a.Work.DeliveryId).ToArray());
        p.AddWithValue("lease", attempts.Select(a => a.Work.Lease).ToArray());
        p.AddWithValue("number", attempts.Select(a => a.Work.AttemptNumber).ToArray());
        p.AddWithValue("revision", attempts.Select(a => a.Work.Revision).ToArray());
        p.AddWithValue("started", attempts.Select(a => a.Attempt.StartedAt).ToArray());
        p.AddWithValue("duration", attempts.Select(a => a.Attempt.Duration.TotalMilliseconds).ToArray());
        p.AddWithValue("status", NpgsqlDbType.Array | NpgsqlDbType.Integer, attempts.Select(a => a.Attempt.StatusCode).ToArray());
        p.AddWithValue("headers", NpgsqlDbType.Array | NpgsqlDbType.Text,
            attempts.Select(a => a.Attempt.ResponseHeaders is null ? null : HeaderJson.Serialize(a.Attempt.ResponseHeaders)).ToArray());
        p.AddWithValue("body", NpgsqlDbType.Array | NpgsqlDbType.Bytea, attempts.Select(a => a.Attempt.ResponseBody).ToArray());
        p.AddWithValue("errorKind", NpgsqlDbType.Array | NpgsqlDbType.Text, attempts.Select(a => a.Attempt.Error?.Kind).ToArray());
        p.AddWithValue("errorMessage", NpgsqlDbType.Array | NpgsqlDbType.Text, attempts.Select(a => a.Attempt.Error?.Message).ToArray());
        p.AddWithValue("state", NpgsqlDbType.Array | NpgsqlDbType.Text, attempts.Select(a => a.Outcome.State).ToArray());
        p.AddWithValue("retryAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, attempts.Select(a => a.Outcome.RetryAt).ToArray());
        p.AddWithValue("url", NpgsqlDbType.Array | NpgsqlDbType.Text, attempts.Select(a => a.Attempt.Url).ToArray());
        p.AddWithValue("redirected", attempts.Select(a => a.Work.Redirected).ToArray());
        return command;
    }

    /// <summary>
    /// Adds, in the attempts' order, a statement for each given-up delivery (opens or counts into its
    /// destination's alert) and for each success that may resolve one: the first success per
    /// destination, and the first after each give-up, since later ones would find nothing open.
    /// An attempt at a URL an edit chose says nothing about the destination: it neither opens nor resolves.
    /// Returns which attempt each statement belongs to and whether it opens.
    /// </summary>
    private static List<(int Index, bool Opens)> AddAlertChanges(NpgsqlBatch batch, IReadOnlyList<AttemptToRecord> attempts, DateTimeOffset now)
    {
        var changes = new List<(int, bool)>();
        var resolveAdded = new HashSet<long>();
        for (var i = 0; i < attempts.Count; i++)
        {
            var (work, attempt, outcome) = attempts[i];
            ArgumentNullException.ThrowIfNull(work);
            ArgumentNullException.ThrowIfNull(attempt);
            ArgumentNullException.ThrowIfNull(outcome);
            NpgsqlBatchCommand command;
            if (work.Redirected)
            {
                continue;
            }

            if (outcome.State == DeliveryState.Failed)
            {
                command = new NpgsqlBatchCommand(OpenAlertSql);
                command.Parameters.AddWithValue("reason", outcome.FailureReason ?? string.Empty);
                resolveAdded.Remove(work.DestinationId);
                changes.Add((i, true));
            }
            else if (outcome.State == DeliveryState.Succeeded && resolveAdded.Add(work.DestinationId))
            {
                command = new NpgsqlBatchCommand(ResolveAlertSql);
                command.Parameters.AddWithValue("destination", work.DestinationId);
                changes.Add((i, false));
            }
            else
            {
                continue;
            }

            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("delivery", work.DeliveryId);
            command.Parameters.AddWithValue("started", attempt.StartedAt);
            batch.BatchCommands.Add(command);
        }

        return changes;
    }
}

/// <summary>One finished send to record: the delivery, what happened, and what it means for the delivery.</summary>
public sealed record AttemptToRecord(DeliveryWork Work, AttemptRecord Attempt, DeliveryOutcome Outcome);

/// <summary>
/// Whether the lease was still ours, whether the outcome opened or resolved its destination's alert, and
/// the circuit it opened, if it did.
/// </summary>
public sealed record RecordResult(bool StillOurs, bool AlertOpened, bool AlertResolved, CircuitOpening? CircuitOpened = null);

/// <summary>A circuit the recorder opened: its destination, when, when it is first probed, and why it opened.</summary>
public sealed record CircuitOpening(long DestinationId, DateTimeOffset OpenedAt, DateTimeOffset FirstProbeAt, string Reason);
