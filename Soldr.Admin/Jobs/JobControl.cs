using Quartz;

namespace Soldr.Admin.Jobs;

/// <summary>
/// Runs, pauses and resumes the workers' recurring jobs through Quartz's clustered store. This process's
/// scheduler is never started and has no threads: it only writes triggers and trigger states, which
/// the workers' schedulers act on. Jobs are addressed by key, so no job type is needed here.
/// </summary>
internal sealed class JobControl(ISchedulerFactory schedulerFactory)
{
    /// <summary>The scheduler name and job group the workers use.</summary>
    public const string SchedulerName = "soldr";

    public const string Group = "soldr";

    public async Task<bool> TriggerAsync(string name, CancellationToken cancellationToken)
    {
        var (scheduler, key) = await FindAsync(name, cancellationToken);
        if (scheduler is null)
        {
            return false;
        }

        await scheduler.TriggerJob(key, cancellationToken);
        return true;
    }

    public async Task<bool> PauseAsync(string name, CancellationToken cancellationToken)
    {
        var (scheduler, key) = await FindAsync(name, cancellationToken);
        if (scheduler is null)
        {
            return false;
        }

        await scheduler.PauseJob(key, cancellationToken);
        return true;
    }

    public async Task<bool> ResumeAsync(string name, CancellationToken cancellationToken)
    {
        var (scheduler, key) = await FindAsync(name, cancellationToken);
        if (scheduler is null)
        {
            return false;
        }

        await scheduler.ResumeJob(key, cancellationToken);
        return true;
    }

    private async Task<(IScheduler? Scheduler, JobKey Key)> FindAsync(string name, CancellationToken cancellationToken)
    {
        var key = new JobKey(name, Group);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        return await scheduler.Exists(key, cancellationToken) ? (scheduler, key) : (null, key);
    }
}
