namespace Soldr.Tests.Browser;

/// <summary>
/// The system's time, with timers that fire only when the test says so: live pages refresh on
/// <see cref="FireTimers"/> rather than every few seconds, so what a page view reads can be counted.
/// </summary>
public sealed class HeldClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<HeldTimer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HeldTimer(this, () => callback(state));
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>Fires every timer that is still running, once.</summary>
    public void FireTimers()
    {
        HeldTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Fire();
        }
    }

    private void Remove(HeldTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class HeldTimer(HeldClock clock, Action fire) : ITimer
    {
        public void Fire() => ThreadPool.QueueUserWorkItem(_ => fire());

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
