using Npgsql;
using NpgsqlTypes;
using Soldr.Core.Requests;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Records an attempt and applies its outcome in one statement: the attempt row, the delivery's new
/// state, and the destination's alert (opened when a delivery is given up, resolved when one succeeds).
/// The attempt is recorded even when the lease was lost (it did happen); everything else changes only
/// while the lease is still ours. Many attempts can be recorded in one round trip and one commit, which
/// is what lets a worker record thousands a second on a disk that flushes far fewer times than that.
/// </summary>
public sealed class AttemptRecorder(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    // One open alert per destination (a partial unique index): further failures only count into it.
    private const string Sql = """
        WITH attempt AS (
            INSERT INTO attempts (delivery_id, number, revision, started_at, duration_ms, status_code,
                                  response_headers, response_body, error_kind, error_message)
            VALUES (@delivery, @number, @revision, @started, @duration, @status, @headers, @body, @errorKind, @errorMessage)
            ON CONFLICT (delivery_id, number) DO NOTHING
        ), updated AS (
            UPDATE deliveries
            SET state = @state,
                next_attempt_at = COALESCE(@retryAt, next_attempt_at),
                completed_at = CASE WHEN @state = 'pending' THEN NULL ELSE @now END,
                locked_until = NULL, lease = NULL,
                last_attempt_at = @started, last_status_code = @status, last_error_kind = @errorKind
            WHERE id = @delivery AND lease = @lease
            RETURNING destination_id
        ), opened AS (
            INSERT INTO alerts (destination_id, opened_at, delivery_id, reason)
            SELECT destination_id, @now, @delivery, @reason FROM updated WHERE @state = 'failed'
            ON CONFLICT (destination_id) WHERE state = 'open'
            DO UPDATE SET failed_deliveries = alerts.failed_deliveries + 1
            RETURNING (xmax = 0) AS created
        ), resolved AS (
            UPDATE alerts SET state = 'resolved', resolved_at = @now
            WHERE @state = 'succeeded' AND state = 'open' AND destination_id IN (SELECT destination_id FROM updated)
            RETURNING id
        )
        SELECT (SELECT count(*) FROM updated),
               COALESCE((SELECT bool_or(created) FROM opened), false),
               (SELECT count(*) FROM resolved)
        """;

    public async Task<RecordResult> RecordAsync(DeliveryWork work, AttemptRecord attempt, DeliveryOutcome outcome, CancellationToken cancellationToken) =>
        (await RecordManyAsync([new AttemptToRecord(work, attempt, outcome)], cancellationToken))[0];

    /// <summary>
    /// Records every attempt in one batch: the statements run in one implicit transaction, so they are
    /// committed (and flushed to disk) together, or not at all.
    /// </summary>
    public async Task<IReadOnlyList<RecordResult>> RecordManyAsync(IReadOnlyList<AttemptToRecord> attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var now = timeProvider.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        foreach (var (work, attempt, outcome) in attempts)
        {
            ArgumentNullException.ThrowIfNull(work);
            ArgumentNullException.ThrowIfNull(attempt);
            ArgumentNullException.ThrowIfNull(outcome);
            var command = new NpgsqlBatchCommand(Sql);
            AddParameters(command.Parameters, work, attempt, outcome, now);
            batch.BatchCommands.Add(command);
        }

        var results = new List<RecordResult>(attempts.Count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            await reader.ReadAsync(cancellationToken);
            results.Add(new RecordResult(StillOurs: reader.GetInt64(0) == 1, AlertOpened: reader.GetBoolean(1), AlertResolved: reader.GetInt64(2) > 0));
        }
        while (await reader.NextResultAsync(cancellationToken));

        return results;
    }

    private static void AddParameters(NpgsqlParameterCollection p, DeliveryWork work, AttemptRecord attempt, DeliveryOutcome outcome, DateTimeOffset now)
    {
        p.AddWithValue("delivery", work.DeliveryId);
        p.AddWithValue("lease", work.Lease);
        p.AddWithValue("number", work.AttemptNumber);
        p.AddWithValue("revision", work.Revision);
        p.AddWithValue("started", attempt.StartedAt);
        p.AddWithValue("duration", attempt.Duration.TotalMilliseconds);
        p.AddWithValue("status", NpgsqlDbType.Integer, (object?)attempt.StatusCode ?? DBNull.Value);
        p.AddWithValue("headers", NpgsqlDbType.Jsonb, attempt.ResponseHeaders is null ? DBNull.Value : HeaderJson.Serialize(attempt.ResponseHeaders));
        p.AddWithValue("body", NpgsqlDbType.Bytea, (object?)attempt.ResponseBody ?? DBNull.Value);
        p.AddWithValue("errorKind", NpgsqlDbType.Text, (object?)attempt.Error?.Kind ?? DBNull.Value);
        p.AddWithValue("errorMessage", NpgsqlDbType.Text, (object?)attempt.Error?.Message ?? DBNull.Value);
        p.AddWithValue("state", NpgsqlDbType.Text, outcome.State);
        p.AddWithValue("retryAt", NpgsqlDbType.TimestampTz, (object?)outcome.RetryAt ?? DBNull.Value);
        p.AddWithValue("reason", NpgsqlDbType.Text, (object?)outcome.FailureReason ?? string.Empty);
        p.AddWithValue("now", now);
    }
}

/// <summary>One finished send to record: the delivery, what happened, and what it means for the delivery.</summary>
public sealed record AttemptToRecord(DeliveryWork Work, AttemptRecord Attempt, DeliveryOutcome Outcome);

/// <summary>Whether the lease was still ours, and whether the outcome opened or resolved its destination's alert.</summary>
public sealed record RecordResult(bool StillOurs, bool AlertOpened, bool AlertResolved);
