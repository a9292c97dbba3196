using Soldr.Core.Signals;
using Soldr.ServiceDefaults.Redis;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// Tells workers that a request was committed. Best effort and off the response path: a failure only
/// means workers find the request on their next poll.
/// </summary>
internal sealed class WakeUpPublisher(RedisClient redis, ILogger<WakeUpPublisher> logger)
{
    private int _pending;

    public void RequestSaved(Guid requestId)
    {
        // One wake-up in flight is enough; a worker that wakes takes every request that is due.
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        _ = PublishAsync(requestId);
    }

    private async Task PublishAsync(Guid requestId)
    {
        try
        {
            await redis.PublishAsync(WakeUpChannels.RequestsSaved, requestId.ToString(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is RedisException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Log.WakeUpFailed(logger, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }
}
