using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;

namespace Soldr.Core.Jobs;

/// <summary>
/// Declares, runs, pauses and resumes the recurring jobs in Hangfire's storage. Workers declare them at
/// start-up; the admin service runs, pauses and resumes them; any worker's Hangfire server runs each
/// occurrence, once.
/// </summary>
public sealed class RecurringJobControl(IRecurringJobManagerV2 manager, JobStorage storage, JobPauses pauses)
{
    // In UTC; an occurrence missed while no worker was up is not made up: the next one does the work.
    private static readonly RecurringJobOptions Options = new()
    {
        TimeZone = TimeZoneInfo.Utc,
        MisfireHandling = MisfireHandlingMode.Ignorable,
    };

    /// <summary>Sets the job's schedule (a cron expression; null: none, it runs only when triggered), unless it is paused.</summary>
    public async Task DeclareAsync(string name, string? cron, CancellationToken cancellationToken)
    {
        var schedule = cron ?? Cron.Never();
        var paused = await pauses.KeepIfPausedAsync(name, schedule, cancellationToken);
        manager.AddOrUpdate(name, JobOf(name), paused ? Cron.Never() : schedule, Options);
    }

    /// <summary>
    /// Runs the job once now, on whichever worker takes it; returns its Hangfire job id, or null when there is no
    /// such job (Hangfire's own answer when it has none by that name).
    /// </summary>
    public string? Trigger(string name) => RecurringJobNames.IsKnown(name) ? manager.TriggerJob(name) : null;

    /// <summary>
    /// Stops the job's schedule until it is resumed; false when there is no such job. The pause is recorded first
    /// and taken back if Hangfire refuses the change (its lock taken), so a job is never shown paused while it runs.
    /// </summary>
    public async Task<bool> PauseAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (Find(name) is not { } job)
        {
            return false;
        }

        var recorded = await pauses.PauseAsync(name, job.Cron, actor, cancellationToken);
        try
        {
            manager.AddOrUpdate(name, JobOf(name), Cron.Never(), Options);
        }
        catch when (recorded)
        {
            await pauses.EndAsync(name, CancellationToken.None);
            throw;
        }

        return true;
    }

    /// <summary>
    /// Gives the job back the schedule it had when paused; false when there is no such job. The pause ends only
    /// once Hangfire has the schedule back, so a refused change leaves the job paused, as shown.
    /// </summary>
    public async Task<bool> ResumeAsync(string name, CancellationToken cancellationToken)
    {
        if (Find(name) is null)
        {
            return false;
        }

        if (await pauses.ScheduleAsync(name, cancellationToken) is { } schedule)
        {
            manager.AddOrUpdate(name, JobOf(name), schedule, Options);
            await pauses.EndAsync(name, CancellationToken.None);
        }

        return true;
    }

    /// <summary>Soldr's recurring jobs as Hangfire holds them, in <see cref="RecurringJobNames.All"/> order.</summary>
    public IReadOnlyList<RecurringJobDto> List()
    {
        using var connection = storage.GetConnection();
        return [.. connection.GetRecurringJobs(RecurringJobNames.All).Where(j => !j.Removed)];
    }

    private RecurringJobDto? Find(string name)
    {
        if (!RecurringJobNames.IsKnown(name))
        {
            return null;
        }

        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([name]).SingleOrDefault(j => !j.Removed);
    }

    private static Job JobOf(string name) => Job.FromExpression<IRecurringJobRunner>(r => r.RunAsync(name, CancellationToken.None));
}
