using Soldr.Core.Diagnostics;

namespace Soldr.Ingest.Admission;

/// <summary>
/// One tally per kind of refusal, so that a flood of each makes a log line every few seconds at most; those
/// an operator reads per webhook (failed verification, ingest limits) once a minute per webhook or source.
/// </summary>
internal sealed class RefusalReports(TimeProvider timeProvider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PerKeyInterval = TimeSpan.FromMinutes(1);

    public RefusalTally BodyMemory { get; } = new(timeProvider, Interval);

    public RefusalTally UnknownWebhooks { get; } = new(timeProvider, Interval);

    public RefusalTally Connections { get; } = new(timeProvider, Interval);

    public RefusalTallies Unverified { get; } = new(timeProvider, PerKeyInterval);

    public RefusalTallies Limited { get; } = new(timeProvider, PerKeyInterval);
}
