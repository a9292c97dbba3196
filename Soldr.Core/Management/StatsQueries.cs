using Npgsql;

namespace Soldr.Core.Management;

public sealed record StatsRecord(
    IReadOnlyDictionary<string, long> DeliveriesByState, long RequestsLastHour, long RequestsLastDay, long SucceededLastHour, long FailedLastHour,
    long SucceededLastDay, long FailedLastDay, long QueueDepth, double? OldestPendingSeconds, int OpenAlerts,
    IReadOnlyList<FailingDestinationRecord> TopFailingDestinations, IReadOnlyList<MinuteRecord> PerMinute);

public sealed record FailingDestinationRecord(long DestinationId, string Webhook, string Url, long FailedLastDay, int? LastStatusCode);

public sealed record MinuteRecord(DateTimeOffset Minute, long Requests, long Failures);

/// <summary>
/// The relay at a glance. Windows read the <c>received_at</c> and <c>completed_at</c> indexes, so the
/// cost follows the last day's traffic, not the table sizes; the pending counts read the pending rows only.
/// </summary>
public sealed class StatsQueries(NpgsqlDataSource dataSource)
{
    public async Task<StatsRecord> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new("SELECT state, count(*) FROM deliveries GROUP BY state ORDER BY state"));
        batch.BatchCommands.Add(new("""
            SELECT (SELECT count(*) FROM requests WHERE received_at > $1 - interval '1 hour'),
                   (SELECT count(*) FROM requests WHERE received_at > $1 - interval '1 day'),
                   count(*) FILTER (WHERE state = 'succeeded' AND completed_at > $1 - interval '1 hour'),
                   count(*) FILTER (WHERE state = 'failed' AND completed_at > $1 - interval '1 hour'),
                   count(*) FILTER (WHERE state = 'succeeded'),
                   count(*) FILTER (WHERE state = 'failed'),
                   (SELECT count(*) FROM deliveries WHERE state = 'pending'),
                   (SELECT extract(epoch FROM $1 - min(created_at))::double precision FROM deliveries WHERE state = 'pending'),
                   (SELECT count(*) FROM alerts WHERE state = 'open')::integer
            FROM deliveries
            WHERE state <> 'pending' AND completed_at > $1 - interval '1 day'
            """));
        batch.BatchCommands.Add(new("""
            SELECT d.destination_id, w.name, t.url, count(*),
                   (array_agg(d.last_status_code ORDER BY d.completed_at DESC))[1]
            FROM deliveries d
            JOIN destinations t ON t.id = d.destination_id
            JOIN webhooks w ON w.id = t.webhook_id
            WHERE d.state = 'failed' AND d.completed_at > $1 - interval '1 day'
            GROUP BY d.destination_id, w.name, t.url
            ORDER BY count(*) DESC, d.destination_id
            LIMIT 5
            """));
        batch.BatchCommands.Add(new("""
            SELECT m.minute,
                   COALESCE(r.n, 0),
                   COALESCE(f.n, 0)
            FROM generate_series($2 - interval '1439 minutes', $2, interval '1 minute') AS m (minute)
            LEFT JOIN (
                SELECT date_trunc('minute', received_at) AS minute, count(*) AS n
                FROM requests WHERE received_at >= $2 - interval '1439 minutes'
                GROUP BY 1
            ) r ON r.minute = m.minute
            LEFT JOIN (
                SELECT date_trunc('minute', completed_at) AS minute, count(*) AS n
                FROM deliveries WHERE state = 'failed' AND completed_at >= $2 - interval '1439 minutes'
                GROUP BY 1
            ) f ON f.minute = m.minute
            ORDER BY m.minute
            """));
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            command.Parameters.Add(new NpgsqlParameter { Value = minute });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var byState = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["pending"] = 0, ["held"] = 0, ["succeeded"] = 0, ["failed"] = 0, ["cancelled"] = 0,
        };
        while (await reader.ReadAsync(cancellationToken))
        {
            byState[reader.GetString(0)] = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var counts = (
            RequestsHour: reader.GetInt64(0), RequestsDay: reader.GetInt64(1), SucceededHour: reader.GetInt64(2), FailedHour: reader.GetInt64(3),
            SucceededDay: reader.GetInt64(4), FailedDay: reader.GetInt64(5), Depth: reader.GetInt64(6),
            Oldest: reader.IsDBNull(7) ? (double?)null : reader.GetDouble(7), Alerts: reader.GetInt32(8));

        await reader.NextResultAsync(cancellationToken);
        var failing = new List<FailingDestinationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failing.Add(new FailingDestinationRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var perMinute = new List<MinuteRecord>(1440);
        while (await reader.ReadAsync(cancellationToken))
        {
            perMinute.Add(new MinuteRecord(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return new StatsRecord(byState, counts.RequestsHour, counts.RequestsDay, counts.SucceededHour, counts.FailedHour, counts.SucceededDay,
            counts.FailedDay, counts.Depth, counts.Oldest, counts.Alerts, failing, perMinute);
    }
}
