using System.Collections.Concurrent;

namespace Soldr.Worker.Flow;

/// <summary>
/// What this worker knows, beyond its claims, about sending to each destination: a pause a Retry-After
/// (or a run of 429s) asked for, and circuits that opened after some of their deliveries were claimed (those still waiting
/// here are handed back, not sent). A claim made after a circuit opened saw it in the database, which
/// decides: the mark holds back only what was claimed before it. Marks are short-lived.
/// </summary>
internal sealed class DestinationFlow(TimeProvider timeProvider)
{
    /// <summary>How long an opened circuit's mark holds this worker's claimed deliveries back.</summary>
    private static readonly TimeSpan HoldMark = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, DateTimeOffset> _pausedUntil = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _openedAt = new();
    private readonly ConcurrentDictionary<long, int> _throttled = new();

    /// <summary>How long a 429 without Retry-After pauses the destination: 1 s, doubling with each 429 in a row.</summary>
    public TimeSpan Throttled(long destinationId)
    {
        var inARow = _throttled.AddOrUpdate(destinationId, 1, (_, count) => count + 1);
        return TimeSpan.FromSeconds(Math.Pow(2, Math.Min(inARow - 1, 20)));
    }

    /// <summary>An answer that was not a 429: the next 429 pauses for a second again.</summary>
    public void NotThrottled(long destinationId)
    {
        // After every send: TryGetValue reads without a lock, TryRemove would take one.
        if (_throttled.TryGetValue(destinationId, out _))
        {
            _throttled.TryRemove(destinationId, out _);
        }
    }

    /// <summary>When sends to the destination may resume, if they are paused now.</summary>
    public DateTimeOffset? PausedUntil(long destinationId)
    {
        // Asked before every send: TryGetValue reads without a lock (IsEmpty would take every one).
        if (!_pausedUntil.TryGetValue(destinationId, out var until))
        {
            return null;
        }

        if (until > timeProvider.GetUtcNow())
        {
            return until;
        }

        _pausedUntil.TryRemove(KeyValuePair.Create(destinationId, until));
        return null;
    }

    public void Pause(long destinationId, DateTimeOffset until) =>
        _pausedUntil.AddOrUpdate(destinationId, until, (_, current) => current > until ? current : until);

    /// <summary>Whether a delivery to the destination claimed at <paramref name="claimedAt"/> was claimed before its circuit opened.</summary>
    public bool IsHeld(long destinationId, DateTimeOffset claimedAt) =>
        _openedAt.TryGetValue(destinationId, out var opened)
        && claimedAt <= opened && opened + HoldMark > timeProvider.GetUtcNow();

    public void Hold(long destinationId) => _openedAt[destinationId] = timeProvider.GetUtcNow();

    public void Release(long destinationId) => _openedAt.TryRemove(destinationId, out _);
}
