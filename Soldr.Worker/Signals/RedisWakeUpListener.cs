using Soldr.Core.Signals;
using Soldr.ServiceDefaults.Redis;

namespace Soldr.Worker.Signals;

/// <summary>
/// Subscribes to wake-ups from ingest and the management API, so new deliveries are claimed at once rather
/// than at the next poll.
/// When Redis is unreachable the worker still polls; this only retries the subscription.
/// </summary>
internal sealed class RedisWakeUpListener(RedisClient redis, WorkSignals signals, TimeProvider timeProvider, ILogger<RedisWakeUpListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.SubscribeAsync(
                    WakeUpChannels.RequestsSaved,
                    message =>
                    {
                        // Ingest routes requests as it saves them, so its wake-ups are for claiming; only a
                        // re-send from the management API may also send requests back to routing.
                        signals.DeliveriesDue.Set();
                        if (message == WakeUpChannels.DeliveriesQueued)
                        {
                            signals.RequestsSaved.Set();
                        }
                    },
                    () => Log.WakeUpsSubscribed(logger, WakeUpChannels.RequestsSaved),
                    stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Any failure (refused, TLS, protocol) only costs latency: the worker polls meanwhile.
                Log.WakeUpsUnavailable(logger, ex.Message);
            }

            // Catch up on anything published while we were not listening.
            signals.RequestsSaved.Set();
            signals.DeliveriesDue.Set();
            await Task.Delay(RetryDelay, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
