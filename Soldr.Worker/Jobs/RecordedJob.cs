using Npgsql;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

/// <summary>
/// Runs a job's work and records the run in <c>job_runs</c>, whatever happens. Runs of one job never
/// overlap, on any worker: a run that finds the previous one still going records that it skipped. A
/// failure is recorded and rethrown, so Hangfire shows the run as failed and an operator can retry it.
/// </summary>
internal abstract class RecordedJob(NpgsqlDataSource dataSource, JobRunStore runs, TimeProvider timeProvider, ILogger logger)
{
    protected ILogger Logger => logger;

    /// <summary>Does the work as of <paramref name="now"/> (when the run started); returns the number of rows it affected.</summary>
    protected abstract Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Runs as <paramref name="job"/>; returns what the run did, in words, for the dashboard.</summary>
    public async Task<string> ExecuteAsync(string job, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();

        // A session lock, held on a connection of its own for the run: it ends with the run or with the
        // process, so a worker that dies never leaves the job locked.
        await using var guard = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await LockAsync(guard, "pg_try_advisory_lock", job, cancellationToken))
        {
            const string Skipped = "Skipped: the previous run of this job was still going.";
            await RecordAsync(new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Skipped, 0, Skipped));
            Log.JobSkipped(logger, job);
            return Skipped;
        }

        try
        {
            var rows = await RunAsync(startedAt, cancellationToken);
            var run = new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Succeeded, rows, null);
            Log.JobSucceeded(logger, job, rows, run.Duration.TotalMilliseconds);
            await RecordAsync(run);
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rows} row(s) in {run.Duration.TotalMilliseconds:0.0} ms");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Hangfire runs an interrupted job again once a worker is up, so a purge carries on where this one stopped.
            await RecordAsync(new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Failed, 0, "Interrupted: the worker was stopping."));
            Log.JobInterrupted(logger, job);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Messages from Npgsql and the stores name tables and values, never the connection string.
            await RecordAsync(new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Failed, 0, ex.Message));
            Log.JobFailed(logger, job, ex.GetType().Name, ex.Message);
            throw;
        }
        finally
        {
            // Pooled connections outlive this one's use, so the lock is given back explicitly.
            await LockAsync(guard, "pg_advisory_unlock", job, CancellationToken.None);
        }
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, string function, string job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended('soldr-job:' || @job, 0))", connection);
        command.Parameters.AddWithValue("job", job);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task RecordAsync(JobRun run)
    {
        try
        {
            // Recorded even when stopping: the run happened, and the row is what the admin site shows.
            await runs.RecordAsync(run, CancellationToken.None);
        }
#pragma warning disable CA1031 // A lost record must not change the run's outcome; the log line still says what happened.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.JobRunNotRecorded(logger, run.Job, ex.Message);
        }
    }
}
