using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs</c>: when a worker's registry row counts as stale, and how often that is checked.</summary>
public sealed class StaleWorkerOptions
{
    public const string Section = "Soldr:Jobs";

    /// <summary>A worker not seen for this long is removed from <c>workers</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Soldr:Jobs:StaleWorkerAfter must be between 00:00:10 and 1.00:00:00.")]
    public TimeSpan StaleWorkerAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When stale workers are removed: an interval or a cron expression; <c>off</c> leaves it to be triggered.</summary>
    [JobSchedule("Soldr:Jobs:StaleWorkerSchedule")]
    public string StaleWorkerSchedule { get; set; } = "00:01:00";
}
