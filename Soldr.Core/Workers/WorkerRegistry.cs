using Npgsql;

namespace Soldr.Core.Workers;

/// <summary>
/// The <c>workers</c> table: one row per running worker process, refreshed by its heartbeat, so an
/// operator sees which workers are alive and how busy they are. Rows of workers that died are removed
/// by a recurring clean-up job.
/// </summary>
public sealed class WorkerRegistry(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>Inserts or refreshes this worker's row; returns how many workers are registered, this one included.</summary>
    public async Task<int> BeatAsync(WorkerIdentity worker, int inFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await using var command = dataSource.CreateCommand("""
            WITH beat AS (
                INSERT INTO workers (id, host, pid, started_at, last_seen_at, in_flight)
                VALUES (@id, @host, @pid, @started, @now, @inFlight)
                ON CONFLICT (id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at, in_flight = EXCLUDED.in_flight
            )
            SELECT 1 + count(*) FROM workers WHERE id <> @id
            """);
        command.Parameters.AddWithValue("id", worker.Id);
        command.Parameters.AddWithValue("host", worker.Host);
        command.Parameters.AddWithValue("pid", worker.ProcessId);
        command.Parameters.AddWithValue("started", worker.StartedAt);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("inFlight", inFlight);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task RemoveAsync(WorkerIdentity worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worker);
        await using var command = dataSource.CreateCommand("DELETE FROM workers WHERE id = @id");
        command.Parameters.AddWithValue("id", worker.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Who a worker process is, fixed for its lifetime.</summary>
public sealed record WorkerIdentity(Guid Id, string Host, int ProcessId, DateTimeOffset StartedAt);
