using Quartz;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

/// <summary>
/// Runs a job's work and records the run in <c>job_runs</c>, whatever happens. A failing job is logged and
/// recorded, never rethrown: the scheduler and the worker keep running, and the next schedule retries.
/// </summary>
internal abstract class RecordedJob(JobRunStore runs, TimeProvider timeProvider, ILogger logger) : IJob
{
    protected ILogger Logger => logger;

    /// <summary>Does the work as of <paramref name="now"/> (when the run started); returns the number of rows it affected.</summary>
    protected abstract Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.JobDetail.Key.Name;
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        JobRun run;
        try
        {
            var rows = await RunAsync(startedAt, cancellationToken);
            run = new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Succeeded, rows, null);
            Log.JobSucceeded(logger, job, rows, run.Duration.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Failed, 0, "Interrupted: the worker was stopping.");
            Log.JobInterrupted(logger, job);
        }
#pragma warning disable CA1031 // Any failure is recorded and left to the next schedule; it must not reach the scheduler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Messages from Npgsql and the stores name tables and values, never the connection string.
            run = new JobRun(job, startedAt, timeProvider.GetElapsedTime(started), JobOutcome.Failed, 0, ex.Message);
            Log.JobFailed(logger, job, ex.GetType().Name, ex.Message);
        }

        try
        {
            // Recorded even when stopping: the run happened, and the row is what the admin site shows.
            await runs.RecordAsync(run, CancellationToken.None);
        }
#pragma warning disable CA1031 // A lost record must not fail the job; the log line above still says what happened.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.JobRunNotRecorded(logger, job, ex.Message);
        }
    }
}
