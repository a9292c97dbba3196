using Microsoft.Extensions.Options;
using Quartz;

namespace Soldr.Worker.Jobs;

/// <summary>
/// Declares the jobs and their triggers in the shared store at start-up, after the schema is migrated
/// (hosted services start in order, and this one is added after the database initializer). Every worker
/// does it; the store serialises them and the result is the same, so the last one wins harmlessly.
/// A zero interval removes the trigger: the job stays, and runs only when triggered.
/// </summary>
internal sealed class JobSchedules(
    ISchedulerFactory schedulerFactory,
    IOptions<PurgeOptions> purge,
    IOptions<RollupOptions> rollup,
    IOptions<StaleWorkerOptions> staleWorkers,
    TimeProvider timeProvider,
    ILogger<JobSchedules> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await DeclareAsync<PurgeJob>(scheduler, RecurringJobs.Purge, purge.Value.Interval, cancellationToken);
        await DeclareAsync<RollupJob>(scheduler, RecurringJobs.MetricsRollup, rollup.Value.Interval, cancellationToken);
        await DeclareAsync<StaleWorkersJob>(scheduler, RecurringJobs.StaleWorkers, staleWorkers.Value.StaleWorkerInterval, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DeclareAsync<TJob>(IScheduler scheduler, string name, TimeSpan interval, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var job = JobBuilder.Create<TJob>().WithIdentity(RecurringJobs.KeyOf(name)).StoreDurably().Build();
        await scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken);

        var triggerKey = new TriggerKey(name, RecurringJobs.Group);
        if (interval == TimeSpan.Zero)
        {
            await scheduler.UnscheduleJob(triggerKey, cancellationToken);
            Log.JobUnscheduled(logger, name);
            return;
        }

        var next = JobSchedule.NextFire(timeProvider.GetUtcNow(), interval);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(job.Key)
            .StartAt(next)
            // A run missed while no worker was up is not made up in a burst: the next boundary will do.
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
        Log.JobScheduled(logger, name, interval, next);
    }
}
