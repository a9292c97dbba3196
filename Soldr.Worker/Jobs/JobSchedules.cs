using Microsoft.Extensions.Options;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

/// <summary>
/// Declares the recurring jobs and their schedules in Hangfire's storage at start-up, after the schema is
/// migrated (hosted services start in order, and this one is added after the database initializer). Every
/// worker does it with the same result; a job an operator paused stays paused.
/// </summary>
internal sealed class JobSchedules(
    RecurringJobControl control,
    IOptions<PurgeOptions> purge,
    IOptions<RollupOptions> rollup,
    IOptions<StaleWorkerOptions> staleWorkers,
    IOptions<AlertReminderOptions> reminders,
    ILogger<JobSchedules> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await DeclareAsync(RecurringJobNames.Purge, purge.Value.Schedule, cancellationToken);
        await DeclareAsync(RecurringJobNames.MetricsRollup, rollup.Value.Schedule, cancellationToken);
        await DeclareAsync(RecurringJobNames.StaleWorkers, staleWorkers.Value.StaleWorkerSchedule, cancellationToken);
        await DeclareAsync(RecurringJobNames.AlertReminders, reminders.Value.Schedule, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DeclareAsync(string name, string schedule, CancellationToken cancellationToken)
    {
        if (!JobScheduleText.TryParse(schedule, out var cron, out var error))
        {
            // Options validation refuses this at start-up already; kept so a schedule is never guessed.
            throw new InvalidOperationException($"The schedule of job {name}: {error}.");
        }

        await control.DeclareAsync(name, cron, cancellationToken);
        if (cron is null)
        {
            Log.JobUnscheduled(logger, name);
        }
        else
        {
            Log.JobScheduled(logger, name, cron);
        }
    }
}
