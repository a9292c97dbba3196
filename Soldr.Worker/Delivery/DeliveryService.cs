using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Worker.Flow;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Claims due deliveries ahead of need and sends them, up to <see cref="WorkerOptions.MaxConcurrency"/> at
/// once; <see cref="InFlightDeliveries"/> keeps each destination to its own limit and the claimed ones
/// in line. A send's slot is freed as soon as the destination has answered: recording the attempt
/// (batched, see <see cref="AttemptWriter"/>) happens meanwhile, while the lease keeps the delivery
/// ours. On shutdown it stops claiming, lets the sends in flight finish for
/// <see cref="WorkerOptions.ShutdownDrainTimeout"/>, then cancels the rest and hands them back to the
/// queue so another worker takes them at once. Before a send starts, its destination's rate limit (or a
/// Retry-After pause) may hold its line back: the delivery waits at the head of the line without a slot,
/// or, for a long wait, goes back to the queue, its attempt not counted.
/// </summary>
internal sealed class DeliveryService(
    DeliveryStore store,
    DeliveryAttempt attempt,
    InFlightDeliveries inFlight,
    DestinationFlow flow,
    DestinationRateLimiter rateLimiter,
    WorkSignals signals,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<DeliveryService> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abandon = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Disposed only after every send has released its slot.
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
        try
        {
            await ClaimAsync(slots, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DrainAsync();
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Keeps the line of claimed deliveries filled: claims a batch whenever it runs short, leaving out
    /// destinations whose own line is full, and otherwise waits to be woken (new deliveries, a retry
    /// falling due, or room in the line) or for the next poll.
    /// </summary>
    private async Task ClaimAsync(SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var pacing = new OthersClaimPacing();
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<DeliveryWork> claimed = [];
            var wait = settings.PollInterval;
            if (inFlight.HasRoom)
            {
                var busy = inFlight.FullLines();
                var now = timeProvider.GetUtcNow();
                var pause = pacing.WaitBefore(busy, now);
                if (pause > TimeSpan.Zero)
                {
                    wait = pause < wait ? pause : wait;
                }
                else
                {
                    claimed = await TryClaimAsync(busy, stoppingToken);
                    pacing.Claimed(busy, claimed.Count, settings.BatchSize, now);
                }
            }

            if (claimed.Count > 0)
            {
                inFlight.Enqueue(claimed);
                Dispatch(slots);
            }

            // A full batch suggests more are due; anything that arrives meanwhile has set the signal. Unless
            // it filled a line: what is due may then be that destination's alone, and the next claim
            // would leave it out and most often find nothing. A line falling short, a wake-up or the
            // poll claims again.
            if (claimed.Count == settings.BatchSize && !inFlight.HasFullLine)
            {
                continue;
            }

            await signals.DeliveriesDue.WaitAsync(wait, timeProvider, stoppingToken);
        }
    }

    private async Task<IReadOnlyList<DeliveryWork>> TryClaimAsync(long[] busy, CancellationToken stoppingToken)
    {
        try
        {
            return await store.ClaimDueAsync(options.Value.BatchSize, options.Value.LeaseDuration, busy, stoppingToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            Log.ClaimFailed(logger, ex.Message);
            return [];
        }
    }

    /// <summary>
    /// Starts sends while there is a free slot and a waiting delivery whose destination has room. Called
    /// after every event that can make one startable: a claim, and a send ending.
    /// </summary>
    private void Dispatch(SemaphoreSlim slots)
    {
        while (slots.Wait(0))
        {
            if (inFlight.TryTakeNext(out var roomOpened) is { } work)
            {
                if (roomOpened)
                {
                    signals.DeliveriesDue.Set();
                }

                inFlight.Track(DeliverAsync(work, slots));
                continue;
            }

            slots.Release();

            // A send that ended while this slot was held found no slot to start the next one with.
            if (!inFlight.HasReady)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(DeliveryWork work, SemaphoreSlim slots)
    {
        var sent = true;
        try
        {
            await Task.Yield();
            if (flow.IsHeld(work.DestinationId, work.ClaimedAt))
            {
                // Its circuit opened after it was claimed: back to the queue, where it is held.
                await ReleaseAsync([work]);
                return;
            }

            if (await WaitBeforeSendingAsync(work) is { } until)
            {
                sent = false;
                await PostponeAsync(work, until, slots);
                return;
            }

            await attempt.RunAsync(work, _abandon.Token);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            await ReleaseAsync([work]);
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the lease expires and the delivery is claimed again: at-least-once.
            // Catching everything here keeps one bad delivery from ending the worker's loop unseen.
            Log.SendFailed(logger, work.DeliveryId, ex.Message);
        }
        finally
        {
            if (sent)
            {
                inFlight.Finish(work.DestinationId);
            }

            slots.Release();
            Dispatch(slots);
        }
    }

    /// <summary>Null when the send may start now (counted against the rate limit); else when it may.</summary>
    private async ValueTask<DateTimeOffset?> WaitBeforeSendingAsync(DeliveryWork work)
    {
        if (flow.PausedUntil(work.DestinationId) is { } paused)
        {
            return paused;
        }

        if (work.Policy.RateLimit is not { } limit)
        {
            return null;
        }

        var wait = await rateLimiter.TryTakeAsync(work.DestinationId, work.DeliveryId, limit);
        return wait > TimeSpan.Zero ? timeProvider.GetUtcNow() + wait : null;
    }

    /// <summary>
    /// Puts the delivery back at the head of its line until <paramref name="until"/>. A wait longer than half
    /// a lease hands the line's deliveries back to the queue instead, for whichever worker is free then.
    /// </summary>
    private async Task PostponeAsync(DeliveryWork work, DateTimeOffset until, SemaphoreSlim slots)
    {
        // The time may have come already: the timer then fires at once.
        var wait = until - timeProvider.GetUtcNow();
        wait = wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        inFlight.Postpone(work, until);
        if (wait > options.Value.LeaseDuration / 2)
        {
            await ReleaseAsync(inFlight.PauseAndTakeWaiting(work.DestinationId, until));
        }

        _ = ResumeAtAsync(work.DestinationId, wait, slots);
    }

    private async Task ResumeAtAsync(long destinationId, TimeSpan wait, SemaphoreSlim slots)
    {
        try
        {
            bool ready;
            do
            {
                await Task.Delay(wait, timeProvider, _abandon.Token);
                wait = inFlight.Resume(destinationId, out ready);
            }
            while (wait > TimeSpan.Zero);

            if (ready)
            {
                Dispatch(slots);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The worker stopped meanwhile; what waited was handed back by the drain.
            return;
        }

        // The line may be claimed for again.
        signals.DeliveriesDue.Set();
    }

    private async Task DrainAsync()
    {
        // Waiting deliveries were never started: they go back to the queue first, for other workers.
        var waiting = inFlight.TakeWaiting();
        if (waiting.Count > 0)
        {
            await ReleaseAsync(waiting);
            Log.Released(logger, waiting.Count);
        }

        var first = inFlight.Snapshot();
        if (first.Length == 0)
        {
            return;
        }

        var drain = options.Value.ShutdownDrainTimeout;
        Log.Draining(logger, first.Length, drain.TotalSeconds);
        var deadline = timeProvider.GetUtcNow() + drain;

        // Read again each time round: a send that was starting as the drain began is waited for too.
        while (inFlight.Snapshot() is { Length: > 0 } remaining)
        {
            var left = deadline - timeProvider.GetUtcNow();
            if (!_abandon.IsCancellationRequested && left > TimeSpan.Zero && await FinishWithinAsync(remaining, left))
            {
                continue;
            }

            await _abandon.CancelAsync();
            await Task.WhenAll(remaining);
        }
    }

    private async Task<bool> FinishWithinAsync(Task[] sends, TimeSpan limit)
    {
        try
        {
            await Task.WhenAll(sends).WaitAsync(limit, timeProvider);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task ReleaseAsync(List<DeliveryWork> works)
    {
        try
        {
            var released = await store.ReleaseAsync(works, CancellationToken.None);
            if (_abandon.IsCancellationRequested)
            {
                Log.Released(logger, released);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Their leases expire instead, later; nothing is lost.
            Log.ReleaseFailed(logger, works.Count, ex.Message);
        }
    }
}
