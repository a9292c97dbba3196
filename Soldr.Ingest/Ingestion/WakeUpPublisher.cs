using Soldr.Core.Signals;
using StackExchange.Redis;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// Tells workers that requests were committed. Best effort and off the response path: a failure only
/// means workers find the requests on their next poll. At most one publish is in flight; requests
/// saved meanwhile are covered by one more publish when it completes, since a woken worker takes
/// everything that is due.
/// </summary>
internal sealed class WakeUpPublisher(IConnectionMultiplexer redis, ILogger<WakeUpPublisher> logger)
{
    private const int Idle = 0;
    private const int Publishing = 1;
    private const int PublishingWithMore = 2;
    private static readonly RedisChannel Channel = RedisChannel.Literal(WakeUpChannels.RequestsSaved);
    private static readonly RedisValue Saved = "saved";
    private readonly ISubscriber _subscriber = redis.GetSubscriber();
    private int _state;

    public void RequestSaved()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle when Interlocked.CompareExchange(ref _state, Publishing, Idle) == Idle:
                    _ = PublishLoopAsync();
                    return;
                case PublishingWithMore:
                    return;
                case Publishing when Interlocked.CompareExchange(ref _state, PublishingWithMore, Publishing) == Publishing:
                    return;
                default:
                    // The state moved under us (a publish just finished); look again.
                    continue;
            }
        }
    }

    private async Task PublishLoopAsync()
    {
        do
        {
            try
            {
                await _subscriber.PublishAsync(Channel, Saved);
            }
            catch (Exception ex)
            {
                // Any failure (refused, TLS, timeout) must end here: an escaping exception would leave the
                // state busy and silence every later wake-up from this process.
                Log.WakeUpFailed(logger, ex.Message);
            }
        }
        while (Interlocked.CompareExchange(ref _state, Publishing, PublishingWithMore) == PublishingWithMore
            || Interlocked.CompareExchange(ref _state, Idle, Publishing) != Publishing);
    }
}
