using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Claims due deliveries and sends them, up to <see cref="WorkerOptions.MaxConcurrency"/> at once and
/// <see cref="WorkerOptions.MaxConcurrencyPerDestination"/> per destination (more claimed for a busy
/// destination wait in line behind its sends, holding no slot), so a slow destination holds a few slots
/// rather than the queue. On shutdown it stops claiming, lets the sends in flight finish
/// for <see cref="WorkerOptions.ShutdownDrainTimeout"/>, then cancels the rest and hands them back to
/// the queue so another worker takes them at once.
/// </summary>
internal sealed class DeliveryService(
    DeliveryStore store,
    DeliveryAttempt attempt,
    InFlightDeliveries inFlight,
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
            await RunAsync(slots, stoppingToken);
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

    private async Task RunAsync(SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stoppingToken);
            var free = slots.CurrentCount + 1;
            IReadOnlyList<DeliveryWork> claimed = [];
            try
            {
                var busy = inFlight.Saturated(settings.MaxConcurrencyPerDestination);
                claimed = await store.ClaimDueAsync(Math.Min(free, settings.BatchSize), settings.LeaseDuration, busy, stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                Log.ClaimFailed(logger, ex.Message);
            }

            if (Start(claimed, slots) == 0)
            {
                slots.Release();
                await signals.DeliveriesDue.WaitAsync(settings.PollInterval, timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Starts a send for each claimed delivery whose destination has room and queues the others behind
    /// their destination's sends. One slot is already held on entry; returns how many sends started.
    /// </summary>
    private int Start(IReadOnlyList<DeliveryWork> claimed, SemaphoreSlim slots)
    {
        var started = 0;
        foreach (var work in claimed)
        {
            if (!inFlight.TryReserveOrQueue(work, options.Value.MaxConcurrencyPerDestination))
            {
                continue;
            }

            if (started++ > 0)
            {
                // Cannot block: the claim asked for no more than the free slots.
                slots.Wait(0);
            }

            Launch(work, slots);
        }

        return started;
    }

    private void Launch(DeliveryWork work, SemaphoreSlim slots) => inFlight.Track(DeliverAsync(work, slots));

    private async Task DeliverAsync(DeliveryWork work, SemaphoreSlim slots)
    {
        try
        {
            await Task.Yield();
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
            Log.RecordFailed(logger, work.DeliveryId, ex.Message);
        }
        finally
        {
            // The slot goes straight to the next delivery waiting for this destination, if any.
            if (inFlight.Finish(work.DestinationId) is { } next)
            {
                Launch(next, slots);
            }
            else
            {
                slots.Release();
                signals.DeliveriesDue.Set();
            }
        }
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

        // Until none is left: a send finishing can still pass its slot to one that was waiting.
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
