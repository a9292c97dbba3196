using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Soldr.Core.Flow;
using Soldr.Core.Signals;
using Soldr.Tests.Infrastructure;
using Soldr.Worker.Flow;
using StackExchange.Redis;

namespace Soldr.Tests.Delivery;

/// <summary>The destination rate limit's script on a real Redis, and its local fallback when Redis does not answer.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class DestinationRateLimiterTests(ServersFixture servers)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    // Its own keys: destination ids are per database, and the tests' databases share one Redis.
    private static readonly RedisScope Scope = new(Npgsql.NpgsqlDataSource.Create($"Host=127.0.0.1;Database=limits-{Guid.NewGuid():N}"));

    [Fact]
    public async Task TheScript_KeepsEveryWindowAndTheGap_ForEveryLimiterSharingRedis()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var time = new FakeTimeProvider(Start);
        var one = Limiter(redis, time);
        var two = Limiter(redis, time);
        var destination = Random.Shared.NextInt64(1, long.MaxValue);
        var perSecond = new RateLimitPolicy(2, 3, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, await one.TryTakeAsync(destination, Guid.NewGuid(), perSecond));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, await two.TryTakeAsync(destination, Guid.NewGuid(), perSecond));
        Assert.Equal(TimeSpan.FromMilliseconds(900), await one.TryTakeAsync(destination, Guid.NewGuid(), perSecond));
        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(TimeSpan.Zero, await two.TryTakeAsync(destination, Guid.NewGuid(), perSecond));

        // The minute allows three: the fourth waits until the first is a minute old.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(54), await one.TryTakeAsync(destination, Guid.NewGuid(), perSecond));

        var gap = new RateLimitPolicy(0, 0, TimeSpan.FromSeconds(1));
        var other = destination ^ 1;
        Assert.Equal(TimeSpan.Zero, await one.TryTakeAsync(other, Guid.NewGuid(), gap));
        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(TimeSpan.FromMilliseconds(600), await two.TryTakeAsync(other, Guid.NewGuid(), gap));
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(TimeSpan.Zero, await two.TryTakeAsync(other, Guid.NewGuid(), gap));
    }

    [Fact]
    public async Task WithRedisUnreachable_EachWorkerKeepsToItsShare()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200");
        var time = new FakeTimeProvider(Start);
        var limiter = Limiter(redis, time, workers: 2);
        var perSecond = new RateLimitPolicy(4, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, await limiter.TryTakeAsync(1, Guid.NewGuid(), perSecond));
        Assert.Equal(TimeSpan.Zero, await limiter.TryTakeAsync(1, Guid.NewGuid(), perSecond));
        Assert.Equal(TimeSpan.FromSeconds(1), await limiter.TryTakeAsync(1, Guid.NewGuid(), perSecond));
    }

    private static DestinationRateLimiter Limiter(IConnectionMultiplexer redis, TimeProvider time, int workers = 1) =>
        new(redis, Scope, new LiveWorkers { Count = workers }, time, NullLogger<DestinationRateLimiter>.Instance);
}
