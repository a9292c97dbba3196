namespace Soldr.Worker.Delivery;

/// <summary>
/// Paces the claims made while some destinations' lines are full, which leave those destinations out.
/// One that comes back short found everything due for the others; another at once would most often
/// find nothing, and a steady stream of wake-ups (ingest under load) would run them back to back, each
/// a round trip and a plan. So after a short one the next waits <see cref="Pause"/>, unless a
/// destination it left out has room again: then there is something new to claim for.
/// </summary>
internal sealed class OthersClaimPacing
{
    /// <summary>
    /// Keeps them to a hundred a second, each a short statement that leaves the backlog out; a delivery for
    /// another destination waits at most this much longer, which is most of what a fresh webhook's latency
    /// beside another's backlog comes to (benchmark scenario 8).
    /// </summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    private IReadOnlyCollection<long> _leftOut = [];
    private DateTimeOffset _until = DateTimeOffset.MinValue;

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
        if (busy.Count > 0 && claimed < max)
        {
            _leftOut = busy;
            _until = now + Pause;
        }
    }
}
