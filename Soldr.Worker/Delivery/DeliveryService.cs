using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Claims due deliveries and sends them, up to <see cref="WorkerOptions.MaxConcurrency"/> at once and
/// <see cref="WorkerOptions.MaxConcurrencyPerDestination"/> per destination, so a slow destination holds
/// a few slots rather than the queue. On shutdown it stops claiming, lets the sends in flight finish
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

            var overflow = Start(claimed, slots);
            if (overflow.Count > 0)
            {
                await ReleaseAsync(overflow);
            }

            if (claimed.Count == overflow.Count)
            {
                slots.Release();
                await signals.DeliveriesDue.WaitAsync(settings.PollInterval, timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Starts a send for each claimed delivery whose destination has room; returns those it had no room
    /// for (one claim can hold many deliveries to one destination). One slot is already held on entry.
    /// </summary>
    private List<DeliveryWork> Start(IReadOnlyList<DeliveryWork> claimed, SemaphoreSlim slots)
    {
        var overflow = new List<DeliveryWork>();
        var started = 0;
        foreach (var work in claimed)
        {
            if (!inFlight.TryReserve(work, options.Value.MaxConcurrencyPerDestination))
            {
                overflow.Add(work);
                continue;
            }

            if (started++ > 0)
            {
                // Cannot block: the claim asked for no more than the free slots.
                slots.Wait(0);
            }

            inFlight.Track(work, DeliverAsync(work, slots));
        }

        return overflow;
    }

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
            slots.Release();
        }
    }

    private async Task DrainAsync()
    {
        var remaining = inFlight.Snapshot();
        if (remaining.Length == 0)
        {
            return;
        }

        Log.Draining(logger, remaining.Length, options.Value.ShutdownDrainTimeout.TotalSeconds);
        try
        {
            await Task.WhenAll(remaining).WaitAsync(options.Value.ShutdownDrainTimeout, timeProvider);
        }
        catch (TimeoutException)
        {
            await _abandon.CancelAsync();
            await Task.WhenAll(inFlight.Snapshot());
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
