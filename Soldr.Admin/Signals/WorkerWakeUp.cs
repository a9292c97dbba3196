using Soldr.Core.Signals;
using Soldr.ServiceDefaults.Redis;

namespace Soldr.Admin.Signals;

/// <summary>
/// Tells workers that deliveries were queued to be sent now, on the channel ingest uses. Best effort:
/// without Redis the workers find them at their next poll.
/// </summary>
internal sealed class WorkerWakeUp(RedisClient redis, ILogger<WorkerWakeUp> logger)
{
    public async Task DeliveriesQueuedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.PublishAsync(WakeUpChannels.RequestsSaved, WakeUpChannels.DeliveriesQueued, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WakeUpFailed(logger, ex.Message);
        }
    }
}
