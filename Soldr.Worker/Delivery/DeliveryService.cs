using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Core.Diagnostics;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Claims due deliveries and sends them, up to <see cref="WorkerOptions.MaxConcurrency"/> at once, so a
/// slow destination holds one slot rather than the queue. On shutdown it stops claiming and lets the
/// sends in flight finish and be recorded.
/// </summary>
internal sealed class DeliveryService(
    DeliveryStore store,
    DeliverySender sender,
    WorkSignals signals,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<DeliveryService> logger) : BackgroundService
{
    private readonly HashSet<Task> _inFlight = [];

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
            Task[] remaining;
            lock (_inFlight)
            {
                remaining = [.. _inFlight];
            }

            await Task.WhenAll(remaining);
        }
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
                claimed = await store.ClaimDueAsync(Math.Min(free, settings.BatchSize), settings.LeaseDuration, stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                Log.ClaimFailed(logger, ex.Message);
            }

            if (claimed.Count == 0)
            {
                slots.Release();
                await signals.DeliveriesDue.WaitAsync(settings.PollInterval, timeProvider, stoppingToken);
                continue;
            }

            // One slot is already held; take one more for each further delivery.
            for (var i = 1; i < claimed.Count; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }

            foreach (var work in claimed)
            {
                Track(DeliverAsync(work, slots));
            }
        }
    }

    private async Task DeliverAsync(DeliveryWork work, SemaphoreSlim slots)
    {
        try
        {
            await Task.Yield();

            // Not the stopping token: a send already started is finished and recorded, so the lease is
            // settled rather than left to expire.
            var attempt = await sender.SendAsync(work, CancellationToken.None);
            var state = attempt.Succeeded ? DeliveryState.Succeeded : DeliveryState.Failed;
            var stillOurs = await store.CompleteAsync(work, attempt, state, CancellationToken.None);
            Log.Attempted(logger, work.RequestId, LogSafeUrl.From(work.DestinationUrl), work.AttemptNumber,
                attempt.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? attempt.Error!.Kind,
                attempt.Duration.TotalMilliseconds);
            if (!stillOurs)
            {
                Log.LeaseLost(logger, work.DeliveryId);
            }
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

    private void Track(Task task)
    {
        lock (_inFlight)
        {
            _inFlight.Add(task);
        }

        task.ContinueWith(
            finished =>
            {
                lock (_inFlight)
                {
                    _inFlight.Remove(finished);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
