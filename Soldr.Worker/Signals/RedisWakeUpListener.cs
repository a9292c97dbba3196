using Soldr.Core.Signals;
using StackExchange.Redis;

namespace Soldr.Worker.Signals;

/// <summary>
/// Subscribes to wake-ups from ingest and the management API, so new deliveries are claimed at once rather
/// than at the next poll. When Redis is unreachable the worker still polls. The client keeps the subscription
/// and makes it again whenever it reconnects, even when Redis was down at start.
/// </summary>
internal sealed class RedisWakeUpListener(IConnectionMultiplexer redis, WorkSignals signals, ILogger<RedisWakeUpListener> logger)
    : BackgroundService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal(WakeUpChannels.RequestsSaved);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed -= OnConnectionFailed;
        redis.ConnectionRestored -= OnConnectionRestored;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, OnMessage).WaitAsync(stoppingToken);
            Log.WakeUpsSubscribed(logger, WakeUpChannels.RequestsSaved);
        }
        catch (RedisException ex)
        {
            // Still registered with the client, which subscribes once Redis answers (OnConnectionRestored).
            Log.WakeUpsUnavailable(logger, ex.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        // Ingest routes requests as it saves them, so its wake-ups are for claiming; only a re-send from the
        // management API may also send requests back to routing.
        signals.DeliveriesDue.Set();
        if (message == WakeUpChannels.DeliveriesQueued)
        {
            signals.RequestsSaved.Set();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Log.WakeUpsUnavailable(logger, e.FailureType.ToString());
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        Log.WakeUpsSubscribed(logger, WakeUpChannels.RequestsSaved);

        // Catch up on anything published while we were not listening.
        signals.RequestsSaved.Set();
        signals.DeliveriesDue.Set();
    }
}
