using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// The deliveries this worker holds: the sends under way (their tasks, to wait for on shutdown) and,
/// per destination, those claimed but waiting for that destination to have room. A destination's load
/// is both together; one at its limit is left out of claims, so one slow destination holds a few
/// slots and the rest of the queue keeps moving.
/// </summary>
internal sealed class InFlightDeliveries
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private readonly Dictionary<long, int> _sending = [];
    private readonly Dictionary<long, Queue<DeliveryWork>> _waiting = [];

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

    /// <summary>
    /// Takes a sending place for <paramref name="work"/> if its destination has fewer than
    /// <paramref name="limit"/> sends under way; otherwise queues it behind them and returns false.
    /// </summary>
    public bool TryReserveOrQueue(DeliveryWork work, int limit)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            var sending = _sending.GetValueOrDefault(work.DestinationId);
            if (sending < limit)
            {
                _sending[work.DestinationId] = sending + 1;
                return true;
            }

            if (!_waiting.TryGetValue(work.DestinationId, out var queue))
            {
                _waiting[work.DestinationId] = queue = new Queue<DeliveryWork>();
            }

            queue.Enqueue(work);
            return false;
        }
    }

    public void Track(Task send)
    {
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
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// A send to <paramref name="destinationId"/> ended: its place passes to the next delivery waiting
    /// for that destination (returned, to be sent at once), or is given up.
    /// </summary>
    public DeliveryWork? Finish(long destinationId)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(destinationId, out var queue))
            {
                var next = queue.Dequeue();
                if (queue.Count == 0)
                {
                    _waiting.Remove(destinationId);
                }

                return next;
            }

            var left = _sending[destinationId] - 1;
            if (left == 0)
            {
                _sending.Remove(destinationId);
            }
            else
            {
                _sending[destinationId] = left;
            }

            return null;
        }
    }

    /// <summary>Destinations whose sends under way and waiting add up to <paramref name="limit"/> or more.</summary>
    public long[] Saturated(int limit)
    {
        lock (_gate)
        {
            return [.. _sending.Where(d => d.Value + (_waiting.TryGetValue(d.Key, out var q) ? q.Count : 0) >= limit).Select(d => d.Key)];
        }
    }

    /// <summary>Removes and returns every waiting delivery, for handing back on shutdown.</summary>
    public List<DeliveryWork> TakeWaiting()
    {
        lock (_gate)
        {
            var waiting = _waiting.Values.SelectMany(q => q).ToList();
            _waiting.Clear();
            return waiting;
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
