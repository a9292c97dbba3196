using System.Collections.Concurrent;
using Soldr.Core.Diagnostics;
using Soldr.Core.Flow;
using Soldr.Core.Signals;
using StackExchange.Redis;

namespace Soldr.Worker.Flow;

/// <summary>
/// A destination's rate limit, shared by every worker through Redis: one sorted set per destination holds
/// the start times of its recent sends, and a script checks every window and the minimum gap and counts
/// the send in one step, so two workers can never both take the last place. When Redis does not answer,
/// each worker limits itself to its share (the limit divided by the workers registered), which errs on the
/// side of fewer sends. Times are the workers' clocks, which NTP keeps within milliseconds of each other.
/// </summary>
internal sealed class DestinationRateLimiter(
    IConnectionMultiplexer redis, RedisScope scope, LiveWorkers liveWorkers, TimeProvider timeProvider, ILogger<DestinationRateLimiter> logger)
{
    private static readonly TimeSpan RedisBudget = TimeSpan.FromMilliseconds(250);

    // ARGV: now (ms), per second, per minute, minimum gap (ms), the send's member. Returns 0 when the send
    // is taken (and counted), else the wait in ms before one could be.
    private static readonly LuaScript Script = LuaScript.Prepare("""
        local now, perSecond, perMinute, gap = tonumber(@now), tonumber(@perSecond), tonumber(@perMinute), tonumber(@gap)
        local keep = math.max(60000, gap)
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', now - keep)
        local wait = 0
        local function window(count, span)
          if count <= 0 then return end
          if redis.call('ZCOUNT', @key, now - span + 1, '+inf') >= count then
            local total = redis.call('ZCARD', @key)
            local leaving = redis.call('ZRANGE', @key, total - count, total - count, 'WITHSCORES')
            wait = math.max(wait, tonumber(leaving[2]) + span - now)
          end
        end
        window(perSecond, 1000)
        window(perMinute, 60000)
        if gap > 0 then
          local last = redis.call('ZRANGE', @key, -1, -1, 'WITHSCORES')
          if last[2] then wait = math.max(wait, tonumber(last[2]) + gap - now) end
        end
        if wait > 0 then return wait end
        redis.call('ZADD', @key, now, @member)
        redis.call('PEXPIRE', @key, keep)
        return 0
        """);

    private readonly ConcurrentDictionary<long, SendLog> _local = new();
    private readonly RefusalTally _unavailable = new(timeProvider, TimeSpan.FromMinutes(1));

    /// <summary>Zero when a send to <paramref name="destinationId"/> may start now (it is counted); else how long to wait.</summary>
    public async ValueTask<TimeSpan> TryTakeAsync(long destinationId, Guid deliveryId, RateLimitPolicy limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var result = await redis.GetDatabase().ScriptEvaluateAsync(Script, new
            {
                key = (RedisKey)$"soldr:{scope.Name}:send:{destinationId}",
                now,
                perSecond = limit.PerSecond,
                perMinute = limit.PerMinute,
                gap = (long)limit.MinInterval.TotalMilliseconds,
                member = deliveryId.ToString("N"),
            }).WaitAsync(RedisBudget, timeProvider);
            return TimeSpan.FromMilliseconds((long)result);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            var workers = liveWorkers.Count;
            if (_unavailable.Add(out var count))
            {
                Log.RateLimitLocal(logger, count, workers, ex.Message);
            }

            var log = _local.GetOrAdd(destinationId, _ => new SendLog());
            return TimeSpan.FromMilliseconds(log.TryTake(limit.SharedBy(workers), now));
        }
    }
}
