using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs:Purge</c>. Retention itself is <c>Soldr:Retention</c>.</summary>
public sealed class PurgeOptions
{
    public const string Section = "Soldr:Jobs:Purge";

    /// <summary>When the purge runs: an interval or a cron expression; <c>off</c> leaves it to be triggered.</summary>
    [JobSchedule("Soldr:Jobs:Purge:Schedule")]
    public string Schedule { get; set; } = "00:10:00";

    /// <summary>Rows deleted per statement; each batch is its own short transaction.</summary>
    [Range(1, 100_000, ErrorMessage = "Soldr:Jobs:Purge:BatchSize must be between 1 and 100000.")]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Most of its time the purge may keep PostgreSQL busy: after a batch that took t it pauses
    /// t × (1 / share − 1), leaving the rest of the CPU to ingest and delivery. 1 means no pause.
    /// </summary>
    [Range(0.05, 1.0, ErrorMessage = "Soldr:Jobs:Purge:MaxBusyShare must be between 0.05 and 1.0.")]
    public double MaxBusyShare { get; set; } = 0.25;
}
