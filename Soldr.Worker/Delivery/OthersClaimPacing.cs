namespace Soldr.Worker.Delivery;

/// <summary>
/// Paces the claims made while some destinations' lines are full, which leave those destinations out.
/// One that comes back short found everything due for the others; another at once would most often
/// find nothing, and a steady stream of wake-ups (ingest under load) would run them back to back, each
/// a round trip and a plan. So after a short one the next waits, unless a destination it left out has
/// room again: then there is something new to claim for. The wait is <see cref="Pause"/> while those
/// claims find something, and doubles up to <see cref="LongestPause"/> while they find nothing, as when
/// one destination's backlog is all there is.
/// </summary>
internal sealed class OthersClaimPacing
{
    /// <summary>
    /// A delivery for another destination waits at most this much longer while others keep arriving, which is
    /// most of what a fresh webhook's latency beside another's backlog comes to (benchmark scenario 8).
    /// </summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>Keeps claims that find nothing to ten a second: each is a round trip and a plan, taken from the sends.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    private IReadOnlyCollection<long> _leftOut = [];
    private DateTimeOffset _until = DateTimeOffset.MinValue;
    private int _foundNothing;

    /// <summary>How long to wait before a claim that leaves out <paramref name="busy"/>; zero when it may be made now.</summary>
    public TimeSpan WaitBefore(IReadOnlyCollection<long> busy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(busy);
        return busy.Count > 0 && now < _until && _leftOut.All(busy.Contains) ? _until - now : TimeSpan.Zero;
    }

    /// <summary>Notes a claim that left out <paramref name="busy"/> and got <paramref name="claimed"/> of the <paramref name="max"/> it asked for.</summary>
    public void Claimed(IReadOnlyCollection<long> busy, int claimed, int max, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(busy);
        // Counted up to 8: past that the wait is the longest already.
        _foundNothing = busy.Count > 0 && claimed == 0 ? Math.Min(_foundNothing + 1, 8) : 0;
        if (busy.Count > 0 && claimed < max)
        {
            _leftOut = busy;
            var wait = _foundNothing <= 1 ? Pause : Pause * (1 << (_foundNothing - 1));
            _until = now + (wait < LongestPause ? wait : LongestPause);
        }
    }
}
