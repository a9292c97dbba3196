using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Soldr.Core.Signals;

/// <summary>
/// Tells every worker that deliveries were queued to be sent now (by the management API or a bulk re-send),
/// on the channel ingest uses. Best effort:
/// without Redis the workers find them at their next poll.
/// </summary>
public sealed class WorkerWakeUp(IConnectionMultiplexer redis, ILogger<WorkerWakeUp> logger)
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
