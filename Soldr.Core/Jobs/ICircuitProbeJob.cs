using System.ComponentModel;
using Hangfire;

namespace Soldr.Core.Jobs;

/// <summary>
/// What Hangfire stores for a circuit's probe: the destination and when its circuit opened, so a probe
/// scheduled for a circuit since closed (and maybe opened again) does nothing. The worker implements it.
/// </summary>
public interface ICircuitProbeJob
{
    /// <summary>
    /// Sends one held delivery. A success closes the circuit and releases the rest; a failure schedules the
    /// next probe, later each time. Not retried by Hangfire: the schedule is the probe's own.
    /// </summary>
    [DisplayName("probe of destination #{0}")]
    [AutomaticRetry(Attempts = 0)]
    Task<string> RunAsync(long destinationId, DateTimeOffset openedAt, CancellationToken cancellationToken);
}
