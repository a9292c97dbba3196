using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs:Rollup</c>: the hourly metrics roll-up.</summary>
public sealed class RollupOptions
{
    public const string Section = "Soldr:Jobs:Rollup";

    /// <summary>How often the roll-up runs; zero turns the schedule off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Soldr:Jobs:Rollup:Interval must be between 00:00:00 (off) and 1.00:00:00.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Hours before the current one that are recomputed, so late deliveries are counted. Kept under a day,
    /// the shortest retention, so a recomputed hour never lacks raw rows the purge already removed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:00:00", ErrorMessage = "Soldr:Jobs:Rollup:LookBack must be between 00:00:00 and 23:00:00.")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(3);
}
