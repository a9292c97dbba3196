using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs:Rollup</c>: the hourly metrics roll-up.</summary>
public sealed class RollupOptions
{
    public const string Section = "Soldr:Jobs:Rollup";

    /// <summary>When the roll-up runs: an interval or a cron expression; <c>off</c> leaves it to be triggered.</summary>
    [JobSchedule("Soldr:Jobs:Rollup:Schedule")]
    public string Schedule { get; set; } = "00:05:00";

    /// <summary>
    /// Hours before the current one that are recomputed, so late deliveries are counted. Kept under a day,
    /// the shortest retention, so a recomputed hour never lacks raw rows the purge already removed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:00:00", ErrorMessage = "Soldr:Jobs:Rollup:LookBack must be between 00:00:00 and 23:00:00.")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(3);
}
