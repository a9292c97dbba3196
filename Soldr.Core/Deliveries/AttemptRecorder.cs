using Npgsql;
using NpgsqlTypes;
using Soldr.Core.Requests;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Records attempts and applies their outcomes: the attempt rows, the deliveries' new states, and each
/// destination's alert (opened when a delivery is given up, resolved when one succeeds). An attempt is
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
        ON CONFLICT (destination_id) WHERE state = 'open'
        DO UPDATE SET failed_deliveries = alerts.failed_deliveries + 1
        RETURNING (xmax = 0)
        """;

    private const string ResolveAlertSql = """
        UPDATE alerts SET state = 'resolved', resolved_at = @now
        WHERE state = 'open' AND destination_id = @destination
          AND EXISTS (SELECT 1 FROM deliveries d
                      WHERE d.id = @delivery AND d.state = 'succeeded' AND d.completed_at = @now AND d.last_attempt_at = @started)
        RETURNING id
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

        var stillOurs = new HashSet<Guid>();
        var opened = new bool[attempts.Count];
        var resolved = new bool[attempts.Count];
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

        return [.. attempts.Select((a, i) => new RecordResult(stillOurs.Contains(a.Work.DeliveryId), opened[i], resolved[i]))];
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

/// <summary>Whether the lease was still ours, and whether the outcome opened or resolved its destination's alert.</summary>
public sealed record RecordResult(bool StillOurs, bool AlertOpened, bool AlertResolved);
