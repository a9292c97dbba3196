using System.Globalization;
using Soldr.Client.Contracts;
using Soldr.Core.Diagnostics;
using Soldr.Core.Signals;
using StackExchange.Redis;

namespace Soldr.Ingest.Admission;

/// <summary>
/// Sliding-window limits on what ingest takes, shared by every ingest replica through Redis: one sorted set
/// per key and window holds the times of the requests taken in it. A request is added to each window in one
/// transaction, counted, and taken back out of all of them when any window is over: a refused request
/// never counts. Two requests racing for the last place may both be refused; never both taken.
/// When Redis cannot answer, the limit is not enforced (requests are taken): a webhook provider's
/// requests matter more than the limit, and ingest still saves every one it acknowledges.
/// </summary>
internal sealed class IngestRateLimiter(IConnectionMultiplexer redis, RedisScope scope, TimeProvider timeProvider, ILogger<IngestRateLimiter> logger)
{
    private static readonly TimeSpan RedisBudget = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMinutes(1);
    private readonly RefusalTally _unavailable = new(timeProvider, ReportInterval);

    // Scoped by database, as webhook names are that database's: two deployments sharing a Redis keep their own windows.
    private readonly string _prefix = $"soldr:{scope.Name}:ingest-limit:";

    /// <summary>Null when the request may be taken; else how long until a place frees, at least.</summary>
    public async ValueTask<TimeSpan?> TryAcquireAsync(string key, IReadOnlyList<RateWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var member = (RedisValue)Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        try
        {
            var database = redis.GetDatabase();
            var transaction = database.CreateTransaction();
            var counts = new Task<long>[windows.Count];
            var oldest = new Task<SortedSetEntry[]>[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                var redisKey = Key(key, i);
                var per = (long)windows[i].Per.TotalMilliseconds;
                _ = transaction.SortedSetRemoveRangeByScoreAsync(redisKey, double.NegativeInfinity, now - per);
                _ = transaction.SortedSetAddAsync(redisKey, member, now);
                counts[i] = transaction.SortedSetLengthAsync(redisKey);
                oldest[i] = transaction.SortedSetRangeByRankWithScoresAsync(redisKey, 0, 0);
                _ = transaction.KeyExpireAsync(redisKey, windows[i].Per);
            }

            if (!await transaction.ExecuteAsync().WaitAsync(RedisBudget, timeProvider))
            {
                return null;
            }

            TimeSpan? wait = null;
            for (var i = 0; i < windows.Count; i++)
            {
                if (await counts[i] > windows[i].Count)
                {
                    var first = (await oldest[i]) is [var entry, ..] ? (long)entry.Score : now;
                    var free = TimeSpan.FromMilliseconds(Math.Max(first + (long)windows[i].Per.TotalMilliseconds - now, 0));
                    wait = wait is { } longer && longer > free ? longer : free;
                }
            }

            if (wait is not null)
            {
                // Taken back out, so a refused request leaves no trace in any window.
                var batch = database.CreateBatch();
                for (var i = 0; i < windows.Count; i++)
                {
                    _ = batch.SortedSetRemoveAsync(Key(key, i), member, CommandFlags.FireAndForget);
                }

                batch.Execute();
            }

            return wait;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (_unavailable.Add(out var count))
            {
                Log.IngestLimitsUnavailable(logger, count, ex.Message);
            }

            return null;
        }
    }

    private RedisKey Key(string key, int window) => $"{_prefix}{key}:{window}";
}
