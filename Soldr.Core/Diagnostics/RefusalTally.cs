namespace Soldr.Core.Diagnostics;

/// <summary>
/// Counts refusals (or failures) so that a flood of them makes a few log lines, not one each: the first refusal after a
/// quiet spell is reported at once, later ones at most once per interval, each report carrying how many
/// were refused since the one before. Thread-safe, and free of locks and allocations.
/// </summary>
public sealed class RefusalTally(TimeProvider timeProvider, TimeSpan interval)
{
    private long _count;
    private long _nextReportTicks = long.MinValue;

    /// <summary>Counts one refusal; true when a line is due, with the refusals it reports.</summary>
    public bool Add(out long refused)
    {
        Interlocked.Increment(ref _count);
        var now = timeProvider.GetUtcNow().UtcTicks;
        var due = Volatile.Read(ref _nextReportTicks);

        // Of the callers that find a line due, the one that moves the next report on writes it.
        if (now < due || Interlocked.CompareExchange(ref _nextReportTicks, now + interval.Ticks, due) != due)
        {
            refused = 0;
            return false;
        }

        refused = Interlocked.Exchange(ref _count, 0);
        return true;
    }
}
