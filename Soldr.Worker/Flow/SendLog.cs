using Soldr.Core.Flow;

namespace Soldr.Worker.Flow;

/// <summary>
/// The start times of one destination's recent sends, kept in this process: the fallback for when Redis
/// cannot be asked. The same rule as the shared script (see <see cref="DestinationRateLimiter"/>).
/// </summary>
internal sealed class SendLog
{
    private readonly List<long> _starts = [];

    /// <summary>Zero, and the send is counted, when <paramref name="limit"/> allows one at <paramref name="now"/>; else the wait in ms.</summary>
    public long TryTake(RateLimitPolicy limit, long now)
    {
        lock (_starts)
        {
            var keep = Math.Max(60_000, (long)limit.MinInterval.TotalMilliseconds);
            _starts.RemoveAll(start => start <= now - keep);
            var wait = Math.Max(Wait(limit.PerSecond, 1_000, now), Wait(limit.PerMinute, 60_000, now));
            if (limit.MinInterval > TimeSpan.Zero && _starts.Count > 0)
            {
                wait = Math.Max(wait, _starts[^1] + (long)limit.MinInterval.TotalMilliseconds - now);
            }

            if (wait > 0)
            {
                return wait;
            }

            _starts.Add(now);
            return 0;
        }
    }

    // The start that must leave the window before one more fits, and when it does.
    private long Wait(int count, long span, long now)
    {
        if (count <= 0)
        {
            return 0;
        }

        var inside = _starts.Count(start => start > now - span);
        return inside < count ? 0 : _starts[_starts.Count - count] + span - now;
    }
}
