using Microsoft.Extensions.Options;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

/// <summary>
/// Declares the recurring jobs and their schedules in Hangfire's storage at start-up, after the schema is
/// migrated (hosted services start in order, and this one is added after the database initializer). Every
/// worker does it with the same result; a job an operator paused stays paused.
/// </summary>
/// <remarks>
/// Declaring a job takes its Hangfire lock. A worker that died holding one leaves it taken until the storage
/// gives it up (<see cref="JobStorageExtensions.AbandonedLockTimeout"/>); meanwhile this worker starts and
/// delivers, and declares what is left in the background: the jobs are in the storage already, declared by
/// the worker before it.
/// </remarks>
internal sealed class JobSchedules(
    RecurringJobControl control,
    IOptions<PurgeOptions> purge,
    IOptions<RollupOptions> rollup,
    IOptions<StaleWorkerOptions> staleWorkers,
    IOptions<AlertReminderOptions> reminders,
    ILogger<JobSchedules> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = new Queue<(string Name, string? Cron)>(
        [
            (RecurringJobNames.Purge, Parse(RecurringJobNames.Purge, purge.Value.Schedule)),
            (RecurringJobNames.MetricsRollup, Parse(RecurringJobNames.MetricsRollup, rollup.Value.Schedule)),
            (RecurringJobNames.StaleWorkers, Parse(RecurringJobNames.StaleWorkers, staleWorkers.Value.StaleWorkerSchedule)),
            (RecurringJobNames.AlertReminders, Parse(RecurringJobNames.AlertReminders, reminders.Value.Schedule)),
        ]);

        // Only the first lock found taken delays the start (by Hangfire's wait for it); the rest waits in the background.
        if (!await TryDeclareAllAsync(pending, cancellationToken))
        {
            _retries = RetryAsync(pending, _stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retries.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(Queue<(string Name, string? Cron)> pending, CancellationToken stopping)
    {
        try
        {
            do
            {
                await Task.Delay(RetryDelay, stopping);
            }
            // Hangfire waits for a lock on this thread: off the start-up path, on a thread of the pool.
            while (!await Task.Run(() => TryDeclareAllAsync(pending, stopping), stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The worker is stopping; the next one to start declares what is left.
        }
    }

    /// <summary>Declares the pending jobs in turn; false, leaving it and those after it pending, at the first whose lock is taken.</summary>
    private async Task<bool> TryDeclareAllAsync(Queue<(string Name, string? Cron)> pending, CancellationToken cancellationToken)
    {
        while (pending.TryPeek(out var job))
        {
            try
            {
                await control.DeclareAsync(job.Name, job.Cron, cancellationToken);
            }
            catch (Exception exception) when (JobStorageExtensions.IsLockTaken(exception))
            {
                Log.JobNotDeclaredYet(logger, job.Name, RetryDelay.TotalSeconds, exception.Message);
                return false;
            }

            pending.Dequeue();
            if (job.Cron is null)
            {
                Log.JobUnscheduled(logger, job.Name);
            }
            else
            {
                Log.JobScheduled(logger, job.Name, job.Cron);
            }
        }

        return true;
    }

    private static string? Parse(string name, string schedule) =>
        JobScheduleText.TryParse(schedule, out var cron, out var error)
            ? cron
            // Options validation refuses this at start-up already; kept so a schedule is never guessed.
            : throw new InvalidOperationException($"The schedule of job {name}: {error}.");
}
