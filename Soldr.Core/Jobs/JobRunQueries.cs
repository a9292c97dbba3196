using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>What the admin site shows about recurring jobs.</summary>
public sealed class JobRunQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The most recent run of every job that has run, by job name.</summary>
    public async Task<IReadOnlyList<JobRun>> LastRunsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT ON (job) job, started_at, duration_ms, outcome, rows_affected, message
            FROM job_runs
            ORDER BY job, started_at DESC
            """);
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The latest runs of one job, newest first.</summary>
    public async Task<IReadOnlyList<JobRun>> RecentRunsAsync(string job, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT job, started_at, duration_ms, outcome, rows_affected, message
            FROM job_runs
            WHERE job = @job
            ORDER BY started_at DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<JobRun>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var runs = new List<JobRun>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new JobRun(
                reader.GetString(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                TimeSpan.FromMilliseconds(reader.GetDouble(2)),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return runs;
    }
}
