using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A redis-server of one test's own, on a port that stays the same when the test stops and starts it
/// again: what a Redis outage looks like to the services.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private Process? _process;

    public int Port { get; } = Soldr.AppHost.Hosting.Ports.GetFree();

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.UntilAsync(AnswersAsync, "redis-server to answer PING");
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>How many connections are subscribed to <paramref name="channel"/>.</summary>
    public async Task<long> SubscribersAsync(string channel)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        return await redis.GetServer(redis.GetEndPoints()[0]).SubscriptionSubscriberCountAsync(RedisChannel.Literal(channel));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }
}
