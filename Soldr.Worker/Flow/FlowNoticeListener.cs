using Soldr.Core.Signals;
using Soldr.Worker.Signals;
using StackExchange.Redis;

namespace Soldr.Worker.Flow;

/// <summary>
/// Hears other workers' (and the management API's) <see cref="FlowNotices"/> and marks them in
/// <see cref="DestinationFlow"/>. Once listening (and again after each reconnection) it reads the pauses
/// that began while it was not.
/// </summary>
internal sealed class FlowNoticeListener(
    IConnectionMultiplexer redis, FlowNotices notices, DestinationFlow flow, WorkSignals signals, ILogger<FlowNoticeListener> logger)
    : IHostedService
{
    /// <summary>How long the start waits to be listening: registered before the delivery service, it starts first.</summary>
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await redis.GetSubscriber().SubscribeAsync(notices.Channel, OnMessage).WaitAsync(StartBudget, cancellationToken);
            await ReadPausesAsync().WaitAsync(StartBudget, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Still registered with the client, which subscribes once Redis answers; the pauses are read then.
            Log.WakeUpsUnavailable(logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        return Task.CompletedTask;
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            _ = ReadPausesAsync();
        }
    }

    private async Task ReadPausesAsync()
    {
        try
        {
            foreach (var (destination, until) in await notices.PausesAsync())
            {
                flow.Pause(destination, until);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.WakeUpsUnavailable(logger, ex.Message);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (!FlowNotices.TryRead(message, out var kind, out var destination, out var until))
        {
            return;
        }

        switch (kind)
        {
            case "pause":
                flow.Pause(destination, until);
                break;
            case "open":
                // The circuit's alert may be an operator's, opened where no notifier runs.
                flow.Hold(destination);
                signals.AlertsPending.Set();
                break;
            default:
                flow.Release(destination);
                signals.DeliveriesDue.Set();
                signals.AlertsPending.Set();
                break;
        }
    }
}
