namespace Soldr.Worker.Signals;

/// <summary>The wake-ups between this worker's loops.</summary>
public sealed class WorkSignals
{
    /// <summary>New requests were saved: routing should run.</summary>
    public WakeUpSignal RequestsSaved { get; } = new();

    /// <summary>New deliveries were created: delivery should claim.</summary>
    public WakeUpSignal DeliveriesDue { get; } = new();

    /// <summary>An alert was opened or resolved: its notice should go out.</summary>
    public WakeUpSignal AlertsPending { get; } = new();
}
