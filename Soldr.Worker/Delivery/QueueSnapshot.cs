namespace Soldr.Worker.Delivery;

/// <summary>The latest queue figures read by <see cref="QueueMonitor"/>, for the observable gauges (which must not query).</summary>
internal sealed class QueueSnapshot
{
    private long _pending;
    private double _oldestDueAgeSeconds;

    public long Pending => Interlocked.Read(ref _pending);

    public double OldestDueAgeSeconds => Volatile.Read(ref _oldestDueAgeSeconds);

    public void Update(long pending, double oldestDueAgeSeconds)
    {
        Interlocked.Exchange(ref _pending, pending);
        Volatile.Write(ref _oldestDueAgeSeconds, oldestDueAgeSeconds);
    }
}
