namespace Soldr.Worker;

/// <summary>Recurring jobs: 3000s.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "Job {Job} succeeded: {Rows} row(s) in {DurationMs:0.0} ms")]
    public static partial void JobSucceeded(ILogger logger, string job, long rows, double durationMs);

    [LoggerMessage(3002, LogLevel.Error, "Job {Job} failed ({ErrorType}); it runs again at its next schedule, or when retried: {Reason}")]
    public static partial void JobFailed(ILogger logger, string job, string errorType, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "Job {Job} was interrupted because the worker is stopping")]
    public static partial void JobInterrupted(ILogger logger, string job);

    [LoggerMessage(3004, LogLevel.Warning, "Could not record the run of job {Job}: {Reason}")]
    public static partial void JobRunNotRecorded(ILogger logger, string job, string reason);

    [LoggerMessage(3005, LogLevel.Information, "Purged {Requests} request(s), {JobRuns} job run(s) and {Alerts} resolved alert(s) in {Batches} batch(es)")]
    public static partial void Purged(ILogger logger, long requests, long jobRuns, long alerts, int batches);

    [LoggerMessage(3006, LogLevel.Information, "Job {Job} runs on the schedule '{Cron}' (UTC)")]
    public static partial void JobScheduled(ILogger logger, string job, string cron);

    [LoggerMessage(3007, LogLevel.Information, "Job {Job} has no schedule; it runs only when triggered")]
    public static partial void JobUnscheduled(ILogger logger, string job);

    [LoggerMessage(3008, LogLevel.Information, "Job {Job} skipped a run: its previous run was still going")]
    public static partial void JobSkipped(ILogger logger, string job);

    [LoggerMessage(3009, LogLevel.Information, "{Alerts} open alert(s) are due to be announced again")]
    public static partial void RemindersDue(ILogger logger, long alerts);

    [LoggerMessage(3010, LogLevel.Information, "Re-send #{Resend} {State}: {Summary}")]
    public static partial void ResendFinished(ILogger logger, long resend, string state, string summary);

    [LoggerMessage(3011, LogLevel.Error, "Re-send #{Resend} failed; retrying its job carries on where it stopped: {Reason}")]
    public static partial void ResendFailed(ILogger logger, long resend, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "Job {Job} is not declared yet: another process holds its lock. The worker runs meanwhile, and tries again every {RetrySeconds} s: {Reason}")]
    public static partial void JobNotDeclaredYet(ILogger logger, string job, double retrySeconds, string reason);
}
