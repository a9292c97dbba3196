namespace Soldr.Tests.Jobs;

/// <summary>
/// A clock for pacing tests. Each reading is later than the one before by a millisecond more than the
/// last step (1, 2, 3 ms...), so no two measured spans are alike. Every pause asked for is noted, in
/// order with the readings, and is over at once; or, when the clock holds pauses, never ends by itself.
/// </summary>
internal sealed class PacingClock(bool holdPauses = false) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Event> _events = [];
    private readonly TaskCompletionSource _firstPause = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _now;
    private long _step;

    public abstract record Event;

    public sealed record Reading(long Ticks) : Event;

    public sealed record Pause(TimeSpan Length) : Event;

    public Task FirstPause => _firstPause.Task;

    public IReadOnlyList<Event> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            _step += TimeSpan.TicksPerMillisecond;
            _now += _step;
            _events.Add(new Reading(_now));
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _events.Add(new Pause(dueTime));
        }

        _firstPause.TrySetResult();
        if (!holdPauses)
        {
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new InertTimer();
    }

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
