using Npgsql;

namespace Soldr.Core.Management;

public sealed record QueueCountsRecord(long Enqueued, long Scheduled, long Processing, long Succeeded, long Failed, long Held);

public sealed record QueueItemRecord(
    Guid DeliveryId, Guid RequestId, string Webhook, string Destination, int AttemptCount, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastErrorKind);

public sealed record WorkerRecord(Guid Id, string Host, int ProcessId, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, int InFlight);

/// <summary>
/// The delivery queue the way a job dashboard shows it. Enqueued: due, not leased. Scheduled: waiting
/// for a retry time. Processing: leased. Succeeded and failed: finished in the last 24 hours. Held:
/// waiting for a disabled destination or webhook, oldest first.
/// </summary>
public sealed class QueueQueries(NpgsqlDataSource dataSource)
{
    public static IReadOnlyList<string> States { get; } = ["enqueued", "scheduled", "processing", "succeeded", "failed", "held"];

    public async Task<QueueCountsRecord> CountsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)),
                   count(*) FILTER (WHERE next_attempt_at > @now AND (locked_until IS NULL OR locked_until <= @now)),
                   count(*) FILTER (WHERE locked_until > @now),
                   (SELECT count(*) FROM deliveries WHERE state = 'succeeded' AND completed_at > @now - interval '1 day'),
                   (SELECT count(*) FROM deliveries WHERE state = 'failed' AND completed_at > @now - interval '1 day'),
                   (SELECT count(*) FROM deliveries WHERE state = 'held')
            FROM deliveries WHERE state = 'pending'
            """);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new QueueCountsRecord(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>One state's deliveries: due or leased ones oldest first, finished ones newest first.</summary>
    public async Task<IReadOnlyList<QueueItemRecord>> ItemsAsync(string state, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = state switch
        {
            "enqueued" => """
                WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND (d.locked_until IS NULL OR d.locked_until <= @now)
                ORDER BY d.next_attempt_at
                """,
            "scheduled" => """
                WHERE d.state = 'pending' AND d.next_attempt_at > @now AND (d.locked_until IS NULL OR d.locked_until <= @now)
                ORDER BY d.next_attempt_at
                """,
            "processing" => "WHERE d.state = 'pending' AND d.locked_until > @now ORDER BY d.locked_until",
            "succeeded" => "WHERE d.state = 'succeeded' AND d.completed_at > @now - interval '1 day' ORDER BY d.completed_at DESC",
            "failed" => "WHERE d.state = 'failed' AND d.completed_at > @now - interval '1 day' ORDER BY d.completed_at DESC",
            "held" => "WHERE d.state = 'held' ORDER BY d.next_attempt_at",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown queue state."),
        };
        await using var command = dataSource.CreateCommand($"""
            SELECT d.id, d.request_id, w.name, t.url, d.attempt_count,
                   CASE WHEN d.state IN ('pending', 'held') THEN d.next_attempt_at END, d.last_attempt_at, d.last_status_code, d.last_error_kind
            FROM deliveries d
            JOIN destinations t ON t.id = d.destination_id
            JOIN webhooks w ON w.id = t.webhook_id
            {sql}
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        var items = new List<QueueItemRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new QueueItemRecord(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return items;
    }

    /// <summary>Workers whose heartbeat was seen since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<WorkerRecord>> LiveWorkersAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, host, pid, started_at, last_seen_at, in_flight FROM workers WHERE last_seen_at >= @since ORDER BY started_at
            """);
        command.Parameters.AddWithValue("since", since);
        var workers = new List<WorkerRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            workers.Add(new WorkerRecord(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5)));
        }

        return workers;
    }
}
