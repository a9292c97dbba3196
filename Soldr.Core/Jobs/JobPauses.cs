using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>
/// Which recurring jobs an operator paused, and the schedule each had: Hangfire has no paused state, so a
/// paused job's schedule is set to never and the one it had is kept here until it is resumed.
/// </summary>
public sealed class JobPauses(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Records the pause; a job paused already keeps the schedule it had before its first pause. Returns
    /// whether this call recorded it (false: it was paused already).
    /// </summary>
    public async Task<bool> PauseAsync(string job, string schedule, string actor, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO job_pauses (job, schedule, paused_at, paused_by) VALUES (@job, @schedule, @now, @actor)
            ON CONFLICT (job) DO NOTHING
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("schedule", schedule);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        command.Parameters.AddWithValue("actor", actor);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The schedule a paused job goes back to when resumed; null when it is not paused.</summary>
    public async Task<string?> ScheduleAsync(string job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT schedule FROM job_pauses WHERE job = @job");
        command.Parameters.AddWithValue("job", job);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Ends the pause, once the job has its schedule back.</summary>
    public async Task EndAsync(string job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM job_pauses WHERE job = @job");
        command.Parameters.AddWithValue("job", job);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// For a worker declaring its schedules: when the job is paused, stores <paramref name="schedule"/> as the
    /// one to resume with and returns true (the job stays paused); otherwise returns false.
    /// </summary>
    public async Task<bool> KeepIfPausedAsync(string job, string schedule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE job_pauses SET schedule = @schedule WHERE job = @job");
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("schedule", schedule);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlySet<string>> PausedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT job FROM job_pauses");
        var paused = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            paused.Add(reader.GetString(0));
        }

        return paused;
    }
}
