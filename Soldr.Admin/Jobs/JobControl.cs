using Quartz;
using Soldr.Core.Jobs;

namespace Soldr.Admin.Jobs;

/// <summary>
/// Runs, pauses and resumes the workers' recurring jobs through Quartz's clustered store. This process's
/// scheduler is never started and has no threads: it only writes triggers and trigger states, which
/// the workers' schedulers act on. Jobs are addressed by key, so no job type is needed here.
/// </summary>
internal sealed class JobControl(ISchedulerFactory schedulerFactory)
{
    public Task<bool> TriggerAsync(string name, CancellationToken cancellationToken) =>
        ApplyAsync(name, async (scheduler, key, token) => await scheduler.TriggerJob(key, token), cancellationToken);

    public Task<bool> PauseAsync(string name, CancellationToken cancellationToken) =>
        ApplyAsync(name, async (scheduler, key, token) => await scheduler.PauseJob(key, token), cancellationToken);

    public Task<bool> ResumeAsync(string name, CancellationToken cancellationToken) =>
        ApplyAsync(name, async (scheduler, key, token) => await scheduler.ResumeJob(key, token), cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the job named <paramref name="name"/>; false when there is none.</summary>
    private async Task<bool> ApplyAsync(string name, Func<IScheduler, JobKey, CancellationToken, ValueTask> change, CancellationToken cancellationToken)
    {
        var key = new JobKey(name, RecurringJobNames.Group);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(key, cancellationToken))
        {
            return false;
        }

        await change(scheduler, key, cancellationToken);
        return true;
    }
}
