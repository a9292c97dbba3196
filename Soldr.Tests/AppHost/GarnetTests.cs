using Soldr.AppHost.Hosting.Resources;
using Soldr.Tests.Infrastructure;
using StackExchange.Redis;

namespace Soldr.Tests.AppHost;

public sealed class GarnetTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputWriter _output = new(null);

    [Fact]
    public async Task WithoutRedisServer_GarnetIsRestoredFromTheToolManifest_AndAnswersWithAPassword()
    {
        var context = TestContexts.Create(_folder, _output);
        var redis = new RedisResource("redis") { FindRedisServer = () => null };

        await redis.PrepareAsync(context, CancellationToken.None);
        try
        {
            await redis.StartAsync(context, CancellationToken.None);

            Assert.Equal("Garnet (dotnet tool)", redis.Note);
            await using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            await client.GetDatabase().PingAsync();
            var anonymous = ConfigurationOptions.Parse(redis.ConnectionString);
            anonymous.Password = null;
            await Assert.ThrowsAnyAsync<RedisException>(async () =>
            {
                await using var refused = await ConnectionMultiplexer.ConnectAsync(anonymous);
                await refused.GetDatabase().StringGetAsync("x");
            });
        }
        finally
        {
            await redis.StopAsync(context);
        }

        Assert.True(redis.Process!.Exited.IsCompleted);
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Dispose();
    }
}
