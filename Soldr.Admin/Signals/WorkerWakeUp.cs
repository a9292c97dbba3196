using Soldr.Core.Signals;
using StackExchange.Redis;

namespace Soldr.Admin.Signals;

/// <summary>
/// Tells workers that deliveries were queued to be sent now, on the channel ingest uses. Best effort:
/// without Redis the workers find them at their next poll.
/// </summary>
internal sealed class WorkerWakeUp(IConnectionMultiplexer redis, ILogger<WorkerWakeUp> logger)
{
    private static readonly RedisChannel Channel = RedisChannel.Literal(WakeUpChannels.RequestsSaved);

    public async Task DeliveriesQueuedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, WakeUpChannels.DeliveriesQueued).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WakeUpFailed(logger, ex.Message);
        }
    }
}
