using Quartz;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

/// <summary>The recurring jobs by name, and a way to run one now (for the management API).</summary>
public sealed class RecurringJobs(ISchedulerFactory schedulerFactory)
{
    /// <summary>The Quartz scheduler name every worker shares; the cluster is the workers on one database.</summary>
    public const string SchedulerName = RecurringJobNames.SchedulerName;

    public const string Group = RecurringJobNames.Group;
    public const string Purge = "purge";
    public const string MetricsRollup = "metrics-rollup";
    public const string StaleWorkers = "stale-workers";

    public static IReadOnlyList<string> Names { get; } = [Purge, MetricsRollup, StaleWorkers];

    public static JobKey KeyOf(string name) => new(name, Group);

    /// <summary>
    /// Fires the job once, as soon as a worker is free to take it (on any worker in the cluster); returns
    /// false when no job has that name.
    /// </summary>
    public async Task<bool> TriggerAsync(string name, CancellationToken cancellationToken)
    {
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            return false;
        }

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var key = KeyOf(name);
        if (!await scheduler.Exists(key, cancellationToken))
        {
            return false;
        }

        await scheduler.TriggerJob(key, cancellationToken);
        return true;
    }
}
