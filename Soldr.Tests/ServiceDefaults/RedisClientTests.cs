using Soldr.ServiceDefaults.Redis;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.ServiceDefaults;

[Collection(ServersCollectionDefinition.Name)]
public sealed class RedisClientTests(ServersFixture servers)
{
    [Fact]
    public async Task Commands_RoundTripThroughARealServer()
    {
        await using var client = new RedisClient(RedisEndpoint.Parse(servers.RedisConnectionString));
        var key = ServersFixture.NewRedisPrefix() + "greeting";

        await client.PingAsync(CancellationToken.None);
        await client.ExecuteAsync(["SET", key, "héllo"], CancellationToken.None);
        var value = await client.ExecuteAsync(["GET", key], CancellationToken.None);
        var missing = await client.ExecuteAsync(["GET", key + ":missing"], CancellationToken.None);

        Assert.Equal("héllo", value.AsString());
        Assert.Equal(RespKind.Null, missing.Kind);
    }

    [Fact]
    public async Task Published_Messages_ReachSubscribers()
    {
        await using var client = new RedisClient(RedisEndpoint.Parse(servers.RedisConnectionString));
        var channel = ServersFixture.NewRedisPrefix() + "wake";
        var received = new TaskCompletionSource<string>();
        var subscribed = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var subscription = client.SubscribeAsync(channel, message => received.TrySetResult(message), () => subscribed.TrySetResult(), stop.Token);

        await subscribed.Task.WaitAsync(Eventually.DefaultTimeout);
        var receivers = await client.PublishAsync(channel, "request-1", CancellationToken.None);

        Assert.Equal(1, receivers);
        Assert.Equal("request-1", await received.Task.WaitAsync(Eventually.DefaultTimeout));
        await stop.CancelAsync();
        var ended = await Record.ExceptionAsync(() => subscription.WaitAsync(Eventually.DefaultTimeout));
        Assert.True(ended is null or OperationCanceledException, $"the subscription ends when cancelled, not with {ended}");
    }

    [Fact]
    public async Task AWrongPassword_IsReportedWithoutTheArguments()
    {
        var endpoint = RedisEndpoint.Parse(servers.RedisConnectionString) with { Password = "wrong-password-value" };
        await using var client = new RedisClient(endpoint);

        var error = await Assert.ThrowsAsync<RedisException>(() => client.PingAsync(CancellationToken.None));

        Assert.StartsWith("AUTH was refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-value", error.Message, StringComparison.Ordinal);
    }
}
