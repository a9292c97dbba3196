using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>
/// Recomputes <c>hourly_metrics</c> for the current hour and the hours of the look-back window from the
/// raw rows, so deliveries that complete late are still counted and running it twice changes nothing.
/// Hours before the window are never touched: their raw rows may already be purged. Hours are UTC.
/// </summary>
public sealed class MetricsRollupStore(NpgsqlDataSource dataSource)
{
    /// <summary>Returns the number of (webhook, hour) rows written or removed.</summary>
    public async Task<long> RollUpAsync(DateTimeOffset now, TimeSpan lookBack, CancellationToken cancellationToken)
    {
        var currentHour = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        var from = currentHour - TimeSpan.FromHours(Math.Ceiling(lookBack.TotalHours));
        var to = currentHour.AddHours(1);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            WITH received AS (
                SELECT webhook_name, date_trunc('hour', received_at, 'UTC') AS hour,
                       count(*) AS received,
                       count(*) FILTER (WHERE state = 'unroutable') AS unroutable
                FROM requests
                WHERE received_at >= @from AND received_at < @to
                GROUP BY 1, 2
            ), completed AS (
                SELECT r.webhook_name, date_trunc('hour', d.completed_at, 'UTC') AS hour,
                       count(*) FILTER (WHERE d.state = 'succeeded') AS succeeded,
                       count(*) FILTER (WHERE d.state = 'failed') AS failed
                FROM deliveries d
                JOIN requests r ON r.id = d.request_id
                WHERE d.state <> 'pending' AND d.completed_at >= @from AND d.completed_at < @to
                GROUP BY 1, 2
            ), retried AS (
                SELECT r.webhook_name, date_trunc('hour', a.started_at, 'UTC') AS hour, count(*) AS retried
                FROM attempts a
                JOIN deliveries d ON d.id = a.delivery_id
                JOIN requests r ON r.id = d.request_id
                WHERE a.number > 1 AND a.started_at >= @from AND a.started_at < @to
                GROUP BY 1, 2
            ), computed AS (
                SELECT webhook_name, hour,
                       COALESCE(rc.received, 0) AS received,
                       COALESCE(c.succeeded, 0) AS succeeded,
                       COALESCE(c.failed, 0) AS failed,
                       COALESCE(rt.retried, 0) AS retried,
                       COALESCE(rc.unroutable, 0) AS unroutable
                FROM received rc
                FULL JOIN completed c USING (webhook_name, hour)
                FULL JOIN retried rt USING (webhook_name, hour)
            ), upserted AS (
                INSERT INTO hourly_metrics AS m (webhook_name, hour, received, succeeded, failed, retried, unroutable)
                SELECT webhook_name, hour, received, succeeded, failed, retried, unroutable FROM computed
                ON CONFLICT (webhook_name, hour) DO UPDATE SET
                    received = EXCLUDED.received, succeeded = EXCLUDED.succeeded, failed = EXCLUDED.failed,
                    retried = EXCLUDED.retried, unroutable = EXCLUDED.unroutable
                RETURNING 1
            ), vanished AS (
                -- A (webhook, hour) in the window with nothing left to count, e.g. a delivery re-sent later.
                DELETE FROM hourly_metrics m
                WHERE m.hour >= @from AND m.hour < @to
                  AND NOT EXISTS (SELECT 1 FROM computed c WHERE c.webhook_name = m.webhook_name AND c.hour = m.hour)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM upserted) + (SELECT count(*) FROM vanished)
            """, connection, transaction);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var rows = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }
}
