using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs</c>: the Hangfire server each worker runs.</summary>
public sealed class JobServerOptions
{
    public const string Section = "Soldr:Jobs";

    /// <summary>
    /// How many jobs one worker process runs at once. The purge, a bulk re-send and the short jobs can then
    /// run side by side; deliveries do not go through Hangfire and are not limited by this.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Soldr:Jobs:ParallelJobs must be between 1 and 64.")]
    public int ParallelJobs { get; set; } = 4;
}
