using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// The sends this worker has under way: their tasks (to wait for on shutdown), how many go to each
/// destination (so a destination at its limit is not claimed for), and the total the heartbeat reports.
/// </summary>
internal sealed class InFlightDeliveries
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private readonly Dictionary<long, int> _perDestination = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tasks.Count;
            }
        }
    }

    /// <summary>Takes a place for <paramref name="work"/> if its destination has fewer than <paramref name="limit"/> sends under way.</summary>
    public bool TryReserve(DeliveryWork work, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            var current = _perDestination.GetValueOrDefault(work.DestinationId);
            if (current >= limit)
            {
                return false;
            }

            _perDestination[work.DestinationId] = current + 1;
            return true;
        }
    }

    /// <summary>Follows a reserved send until it ends, when its place is given back.</summary>
    public void Track(DeliveryWork work, Task send)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(send);
        lock (_gate)
        {
            _tasks.Add(send);
        }

        send.ContinueWith(
            finished =>
            {
                lock (_gate)
                {
                    _tasks.Remove(finished);
                    var left = _perDestination[work.DestinationId] - 1;
                    if (left == 0)
                    {
                        _perDestination.Remove(work.DestinationId);
                    }
                    else
                    {
                        _perDestination[work.DestinationId] = left;
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Destinations with <paramref name="limit"/> or more sends under way.</summary>
    public long[] Saturated(int limit)
    {
        lock (_gate)
        {
            return [.. _perDestination.Where(d => d.Value >= limit).Select(d => d.Key)];
        }
    }

    public Task[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _tasks];
        }
    }
}
