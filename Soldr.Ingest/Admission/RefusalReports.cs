namespace Soldr.Ingest.Admission;

/// <summary>One tally per kind of refusal, so that a flood of each makes a log line every few seconds at most.</summary>
internal sealed class RefusalReports(TimeProvider timeProvider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public RefusalTally BodyMemory { get; } = new(timeProvider, Interval);

    public RefusalTally UnknownWebhooks { get; } = new(timeProvider, Interval);

    public RefusalTally Connections { get; } = new(timeProvider, Interval);
}
