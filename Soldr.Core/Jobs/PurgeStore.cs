using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Jobs;

/// <summary>
/// Deletes what is past retention in batches, each its own statement and so its own short transaction:
/// rows locked by ingest or delivery are skipped (SKIP LOCKED) and taken by a later run, so nobody waits
/// on the purge. Never deleted: requests not yet routed, and requests with an unfinished delivery
/// (pending or held: disabled means held, never discarded) or one being sent.
/// Deliveries and attempts go with their request (ON DELETE CASCADE).
/// What a large purge takes from ingest is CPU, not locks: deletes run back to back raise ingest's
/// slowest answers. So its statements are paced to keep PostgreSQL busy for at most
/// <c>maxBusyShare</c> of the purge's time.
/// "No pending delivery" counts the request's own deliveries, found by request id, rather than asking
/// whether one exists: PostgreSQL may plan the latter as a search through every pending delivery,
/// which right after a large backlog arrives (its statistics not yet refreshed) it takes for a few
/// rows, and each batch then took tens of seconds.
/// </summary>
public sealed class PurgeStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public async Task<PurgeResult> PurgeAsync(
        RetentionOptions retention, int batchSize, double maxBusyShare, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxBusyShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBusyShare, 1);
        var pacer = new BusySharePacer(timeProvider, maxBusyShare);
        var counter = new BatchCounter(pacer);

        var requests = await counter.DeleteRequestsAsync(dataSource, """
            SELECT r.id FROM requests r
            WHERE r.state = 'unroutable' AND r.received_at >= COALESCE(@after, '-infinity') AND r.received_at < @cutoff
              AND (SELECT count(*) FILTER (WHERE d.completed_at IS NULL OR d.locked_until > @now) FROM deliveries d WHERE d.request_id = r.id) = 0
            ORDER BY r.received_at
            LIMIT @batch
            FOR UPDATE OF r SKIP LOCKED
            """, batchSize, cancellationToken, ("cutoff", now.AddDays(-retention.UnroutableDays)), ("now", now));

        var expired = await pacer.RunAsync(() => ExpiredNamesAsync(retention.Days, now, cancellationToken), cancellationToken);
        foreach (var (name, cutoff) in expired)
        {
            requests += await counter.DeleteRequestsAsync(dataSource, """
                SELECT r.id FROM requests r
                WHERE r.webhook_name = @name AND r.received_at >= COALESCE(@after, '-infinity') AND r.received_at < @cutoff AND r.state <> 'received'
                  AND (SELECT count(*) FILTER (WHERE d.completed_at IS NULL OR d.locked_until > @now) FROM deliveries d WHERE d.request_id = r.id) = 0
                ORDER BY r.received_at
                LIMIT @batch
                FOR UPDATE OF r SKIP LOCKED
                """, batchSize, cancellationToken, ("name", name), ("cutoff", cutoff), ("now", now));
        }

        var defaultCutoff = now.AddDays(-retention.Days);
        var jobRuns = await counter.DeleteAsync(dataSource, """
            DELETE FROM job_runs WHERE id IN (
                SELECT id FROM job_runs WHERE started_at < @cutoff ORDER BY started_at LIMIT @batch)
            """, batchSize, cancellationToken, ("cutoff", defaultCutoff));

        var alerts = await counter.DeleteAsync(dataSource, """
            DELETE FROM alerts WHERE id IN (
                SELECT id FROM alerts WHERE state = 'resolved' AND resolved_at < @cutoff
                ORDER BY resolved_at LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            """, batchSize, cancellationToken, ("cutoff", defaultCutoff));

        // An event key past its window makes no later request a duplicate; it only takes room.
        var eventKeys = await counter.DeleteAsync(dataSource, """
            DELETE FROM request_keys WHERE (webhook_name, key_hash) IN (
                SELECT webhook_name, key_hash FROM request_keys WHERE expires_at < @now
                ORDER BY expires_at LIMIT @batch
                FOR UPDATE SKIP LOCKED)
            """, batchSize, cancellationToken, ("now", now));

        return new PurgeResult(requests, jobRuns, alerts, counter.Batches, eventKeys);
    }

    /// <summary>
    /// Every webhook name that has requests past its retention, with its cutoff: the webhook's own
    /// <c>retentionDays</c>, else the default (also for names whose webhook no longer exists). The names
    /// come from a skip scan of <c>requests_by_webhook</c>, so one name's long retention never makes the
    /// purge re-read its rows to find another's.
    /// </summary>
    private async Task<IReadOnlyList<(string Name, DateTimeOffset Cutoff)>> ExpiredNamesAsync(int defaultDays, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH RECURSIVE names AS (
                (SELECT webhook_name FROM requests ORDER BY webhook_name LIMIT 1)
                UNION ALL
                SELECT (SELECT r.webhook_name FROM requests r WHERE r.webhook_name > n.webhook_name ORDER BY r.webhook_name LIMIT 1)
                FROM names n
                WHERE n.webhook_name IS NOT NULL
            ), cutoffs AS (
                SELECT n.webhook_name,
                       @now - make_interval(hours => 24 * GREATEST(1, COALESCE(
                           CASE WHEN jsonb_typeof(w.settings -> 'retentionDays') = 'number'
                                THEN (w.settings ->> 'retentionDays')::numeric::integer END,
                           @days))) AS cutoff
                FROM names n
                LEFT JOIN webhooks w ON w.name = n.webhook_name
                WHERE n.webhook_name IS NOT NULL
            )
            SELECT c.webhook_name, c.cutoff
            FROM cutoffs c
            WHERE EXISTS (SELECT 1 FROM requests r WHERE r.webhook_name = c.webhook_name AND r.received_at < c.cutoff)
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("days", defaultDays);
        var names = new List<(string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return names;
    }

    private sealed class BatchCounter(BusySharePacer pacer)
    {
        public int Batches { get; private set; }

        /// <summary>Runs a <c>LIMIT @batch</c> delete until a batch comes back short; returns the rows deleted.</summary>
        public async Task<long> DeleteAsync(
            NpgsqlDataSource dataSource, string sql, int batchSize, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
        {
            long total = 0;
            while (true)
            {
                await using var command = BatchCommand(dataSource, sql, batchSize, parameters, cancellationToken);
                var deleted = await pacer.RunAsync(() => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);
                total += Counted(deleted);
                if (deleted < batchSize)
                {
                    return total;
                }
            }
        }

        /// <summary>
        /// Deletes the requests <paramref name="selectSql"/> picks, oldest first, a batch at a time until a
        /// batch comes back short; returns the rows deleted. Each batch starts at the newest
        /// <c>received_at</c> the previous one deleted (<c>@after</c>), so what earlier batches passed
        /// over is not read again: the index entries of the rows they deleted, which stay until a vacuum,
        /// and the rows they kept (a pending delivery, or locked), which the next run looks at again.
        /// A large purge so keeps its pace, where starting each batch from the oldest made it slow down as
        /// the entries behind it piled up.
        /// </summary>
        public async Task<long> DeleteRequestsAsync(
            NpgsqlDataSource dataSource, string selectSql, int batchSize, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
        {
            var sql = $"""
                WITH deleted AS (
                    DELETE FROM requests WHERE id IN ({selectSql})
                    RETURNING received_at)
                SELECT count(*)::int, max(received_at) FROM deleted
                """;
            long total = 0;
            DateTimeOffset? after = null;
            while (true)
            {
                await using var command = BatchCommand(dataSource, sql, batchSize, parameters, cancellationToken);
                command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.TimestampTz) { Value = (object?)after ?? DBNull.Value });
                var (deleted, newest) = await pacer.RunAsync(() => ReadCountAndNewestAsync(command, cancellationToken), cancellationToken);
                total += Counted(deleted);
                if (deleted < batchSize)
                {
                    return total;
                }

                after = newest;
            }
        }

        private int Counted(int deleted)
        {
            if (deleted > 0)
            {
                Batches++;
            }

            return deleted;
        }

        private static NpgsqlCommand BatchCommand(
            NpgsqlDataSource dataSource, string sql, int batchSize, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var command = dataSource.CreateCommand(sql);
            command.Parameters.AddWithValue("batch", batchSize);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return command;
        }

        private static async Task<(int Deleted, DateTimeOffset Newest)> ReadCountAndNewestAsync(NpgsqlCommand command, CancellationToken cancellationToken)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var deleted = reader.GetInt32(0);
            return (deleted, deleted == 0 ? default : reader.GetFieldValue<DateTimeOffset>(1));
        }
    }
}
