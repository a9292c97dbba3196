using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>Records job runs; each worker writes the runs it executed.</summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(JobRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO job_runs (job, started_at, duration_ms, outcome, rows_affected, message)
            VALUES (@job, @started, @duration, @outcome, @rows, @message)
            """);
        var p = command.Parameters;
        p.AddWithValue("job", run.Job);
        p.AddWithValue("started", run.StartedAt);
        p.AddWithValue("duration", run.Duration.TotalMilliseconds);
        p.AddWithValue("outcome", run.Outcome);
        p.AddWithValue("rows", run.RowsAffected);
        p.AddWithValue("message", (object?)run.Message ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
