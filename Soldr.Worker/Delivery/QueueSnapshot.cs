namespace Soldr.Worker.Delivery;

/// <summary>The latest queue figures read by <see cref="QueueMonitor"/>, for the observable gauges (which must not query).</summary>
internal sealed class QueueSnapshot
{
    private long _pending;
    private double _oldestDueAgeSeconds;
    private long _held;
    private long _heldByCircuits;
    private long _openCircuits;

    public long Pending => Interlocked.Read(ref _pending);

    public double OldestDueAgeSeconds => Volatile.Read(ref _oldestDueAgeSeconds);

    /// <summary>Held deliveries, all of them: those of open circuits and those of disabled destinations or webhooks.</summary>
    public long Held => Interlocked.Read(ref _held);

    public long HeldByCircuits => Interlocked.Read(ref _heldByCircuits);

    public long OpenCircuits => Interlocked.Read(ref _openCircuits);

    public void Update(long pending, double oldestDueAgeSeconds)
    {
        Interlocked.Exchange(ref _pending, pending);
        Volatile.Write(ref _oldestDueAgeSeconds, oldestDueAgeSeconds);
    }

    public void UpdateHeld(long held, long heldByCircuits, long openCircuits)
    {
        Interlocked.Exchange(ref _held, held);
        Interlocked.Exchange(ref _heldByCircuits, heldByCircuits);
        Interlocked.Exchange(ref _openCircuits, openCircuits);
    }
}
