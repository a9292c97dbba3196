using Soldr.AppHost.Hosting.Resources;
using Soldr.ServiceDefaults.Redis;
using Soldr.Tests.Infrastructure;

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
            await using var client = new RedisClient(RedisEndpoint.Parse(redis.ConnectionString));
            await client.PingAsync(CancellationToken.None);
            await using var anonymous = new RedisClient(RedisEndpoint.Parse(redis.ConnectionString) with { Password = null });
            await Assert.ThrowsAsync<RedisException>(() => anonymous.ExecuteAsync(["GET", "x"], CancellationToken.None));
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
