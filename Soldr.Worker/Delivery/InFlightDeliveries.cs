using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// The deliveries this worker holds: those claimed and waiting in line, one line per destination, and
/// the sends under way (their tasks, to wait for on shutdown). A destination sends at most
/// <see cref="WorkerOptions.MaxConcurrencyPerDestination"/> at once; destinations with room take turns,
/// so one slow destination holds a few sends and the rest of the queue keeps moving.
/// Up to <see cref="WorkerOptions.BatchSize"/> deliveries are kept waiting ahead of the sends, so a send
/// that ends finds the next one already claimed instead of waiting for a round trip to PostgreSQL.
/// A destination whose line holds that many is full: it is left out of claims, and what it holds does
/// not count against the others, so a slow destination with a backlog does not keep them waiting.
/// Claims stop while more lines are full than <see cref="WorkerOptions.MaxConcurrency"/> /
/// <see cref="WorkerOptions.MaxConcurrencyPerDestination"/>, the most destinations that could hold every
/// sending slot between them: beyond that nothing more could be sent anyway, and it bounds what a worker
/// holds. A line paused by its destination's rate limit (or a Retry-After) sends nothing until then and
/// holds no sending slot meanwhile; it is left out of claims too.
/// </summary>
internal sealed class InFlightDeliveries(IOptions<WorkerOptions> options, TimeProvider timeProvider)
{
    private readonly int _perDestination = options.Value.MaxConcurrencyPerDestination;
    private readonly int _ahead = options.Value.BatchSize;
    private readonly int _maxFullLines = Math.Max(1, options.Value.MaxConcurrency / options.Value.MaxConcurrencyPerDestination);
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private readonly Dictionary<long, DestinationLine> _lines = [];

    // Destinations with a delivery waiting and a free sending place, in the order they take turns.
    private readonly Queue<DestinationLine> _ready = new();

    // Deliveries waiting in lines that are not full, and how many lines are.
    private int _waitingInOpenLines;
    private int _fullLines;
    private int _pausedLines;

    /// <summary>Sends under way.</summary>
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
    /// Whether a claim is wanted: fewer deliveries wait in the lines that are not full than the worker
    /// keeps claimed ahead, and few enough lines are full.
    /// </summary>
    public bool HasRoom
    {
        get
        {
            lock (_gate)
            {
                return RoomLeft();
            }
        }
    }

    /// <summary>Whether some destination's line is full.</summary>
    public bool HasFullLine
    {
        get
        {
            lock (_gate)
            {
                return _fullLines > 0;
            }
        }
    }

    /// <summary>Puts claimed deliveries in their destinations' lines.</summary>
    public void Enqueue(IEnumerable<DeliveryWork> claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        lock (_gate)
        {
            foreach (var work in claimed)
            {
                if (!_lines.TryGetValue(work.DestinationId, out var line))
                {
                    _lines[work.DestinationId] = line = new DestinationLine(work.DestinationId);
                }

                Tally(line, -1);
                line.Waiting.AddLast(work);
                Tally(line, +1);
                MarkReadyIfItCanSend(line);
            }
        }
    }

    /// <summary>
    /// Takes the next delivery to send, from the destination whose turn it is, and counts it as sending.
    /// Returns null when every waiting delivery's destination is at its limit. <paramref name="roomOpened"/>
    /// says whether this take made room for a claim that would have found none before: there was no room
    /// and now there is, or its destination's line stopped being full and may be claimed for again.
    /// </summary>
    public DeliveryWork? TryTakeNext(out bool roomOpened)
    {
        lock (_gate)
        {
            roomOpened = false;
            if (!_ready.TryDequeue(out var line))
            {
                return null;
            }

            line.IsReady = false;
            var hadRoom = RoomLeft();
            Tally(line, -1);
            var work = line.Waiting.First!.Value;
            line.Waiting.RemoveFirst();
            Tally(line, +1);
            line.Sending++;
            roomOpened = (!hadRoom && RoomLeft()) || line.Waiting.Count == _ahead - 1;
            MarkReadyIfItCanSend(line);
            return work;
        }
    }

    /// <summary>Whether some waiting delivery could be sent now, its destination having room.</summary>
    public bool HasReady
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count > 0;
            }
        }
    }

    /// <summary>A send to <paramref name="destinationId"/> ended: its place is free for the next in line.</summary>
    public void Finish(long destinationId)
    {
        lock (_gate)
        {
            var line = _lines[destinationId];
            line.Sending--;
            if (line.Sending == 0 && line.Waiting.Count == 0 && !line.IsPaused(timeProvider.GetUtcNow()))
            {
                _lines.Remove(destinationId);
                return;
            }

            MarkReadyIfItCanSend(line);
        }
    }

    /// <summary>Destinations whose line already holds what is kept ahead: left out of the next claim.</summary>
    public long[] FullLines()
    {
        lock (_gate)
        {
            // Asked before every claim; most often no line is full or paused, and the counts already say so.
            if (_fullLines == 0 && _pausedLines == 0)
            {
                return [];
            }

            var now = timeProvider.GetUtcNow();
            return [.. _lines.Values.Where(l => l.Waiting.Count >= _ahead || l.IsPaused(now)).Select(l => l.DestinationId)];
        }
    }

    /// <summary>
    /// Puts a delivery taken to be sent back at the head of its line, which sends nothing until
    /// <paramref name="until"/>; its sending place is freed. Call <see cref="Resume"/> then.
    /// </summary>
    public void Postpone(DeliveryWork work, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            var line = _lines[work.DestinationId];
            line.Sending--;
            Tally(line, -1);
            line.Waiting.AddFirst(work);
            Tally(line, +1);
            Pause(line, until);
        }
    }

    /// <summary>
    /// Keeps a destination's line from sending or being claimed for until <paramref name="until"/>, and takes
    /// out what waits in it, to hand back to the queue: for waits longer than holding them is worth.
    /// </summary>
    public List<DeliveryWork> PauseAndTakeWaiting(long destinationId, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_lines.TryGetValue(destinationId, out var line))
            {
                _lines[destinationId] = line = new DestinationLine(destinationId);
            }

            Tally(line, -1);
            var waiting = line.Waiting.ToList();
            line.Waiting.Clear();
            Tally(line, +1);
            Pause(line, until);
            return waiting;
        }
    }

    /// <summary>
    /// Ends a pause that is over: the line may send again, and <paramref name="ready"/> says whether it has
    /// something to send. Returns how much of the pause is left when it is not over (a timer may fire a
    /// little early, and a later postponement may have made it longer); zero once it ended.
    /// </summary>
    public TimeSpan Resume(long destinationId, out bool ready)
    {
        lock (_gate)
        {
            ready = false;
            if (!_lines.TryGetValue(destinationId, out var line) || line.PausedUntil is not { } until)
            {
                return TimeSpan.Zero;
            }

            var left = until - timeProvider.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                return left;
            }

            line.PausedUntil = null;
            _pausedLines--;
            if (line.Sending == 0 && line.Waiting.Count == 0)
            {
                _lines.Remove(destinationId);
                return TimeSpan.Zero;
            }

            MarkReadyIfItCanSend(line);
            ready = line.IsReady;
            return TimeSpan.Zero;
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

    /// <summary>Removes and returns every waiting delivery, for handing back on shutdown.</summary>
    public List<DeliveryWork> TakeWaiting()
    {
        lock (_gate)
        {
            var waiting = _lines.Values.SelectMany(l => l.Waiting).ToList();
            foreach (var line in _lines.Values)
            {
                line.Waiting.Clear();
                line.IsReady = false;
            }

            _ready.Clear();
            _waitingInOpenLines = 0;
            _fullLines = 0;
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

    private void Pause(DestinationLine line, DateTimeOffset until)
    {
        if (line.PausedUntil is null)
        {
            _pausedLines++;
        }

        if (line.PausedUntil is null || until > line.PausedUntil)
        {
            line.PausedUntil = until;
        }
    }

    private bool RoomLeft() => _waitingInOpenLines < _ahead && _fullLines <= _maxFullLines;

    // A line's waiting deliveries count either as one full line or towards those waiting in open lines:
    // taken out of the totals (-1) before it changes, and put back (+1) after.
    private void Tally(DestinationLine line, int sign)
    {
        if (line.Waiting.Count >= _ahead)
        {
            _fullLines += sign;
        }
        else
        {
            _waitingInOpenLines += sign * line.Waiting.Count;
        }
    }

    private void MarkReadyIfItCanSend(DestinationLine line)
    {
        if (!line.IsReady && line.Waiting.Count > 0 && line.Sending < _perDestination && line.PausedUntil is null)
        {
            line.IsReady = true;
            _ready.Enqueue(line);
        }
    }

    private sealed class DestinationLine(long destinationId)
    {
        public long DestinationId { get; } = destinationId;

        public LinkedList<DeliveryWork> Waiting { get; } = new();

        /// <summary>Set while the line is paused, until <see cref="Resume"/> ends the pause.</summary>
        public DateTimeOffset? PausedUntil { get; set; }

        public bool IsPaused(DateTimeOffset now) => PausedUntil is { } until && until > now;

        public int Sending { get; set; }

        public bool IsReady { get; set; }
    }
}
