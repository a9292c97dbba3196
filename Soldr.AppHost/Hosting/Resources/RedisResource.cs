using System.Globalization;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;
using Soldr.AppHost.Provisioning.Redis;
using StackExchange.Redis;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// Redis: an existing server when <c>ConnectionStrings:&lt;name&gt;</c> is configured; else
/// <c>redis-server</c> from PATH; else Garnet from the repository's tool manifest.
/// </summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString
{
    private string? _redisServer;
    private ConfigurationOptions? _endpoint;
    private int _port;
    private bool _existing;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>How redis-server is found; replaced in tests to exercise the Garnet route.</summary>
    internal Func<string?> FindRedisServer { get; set; } = () => CommandRunner.FindOnPath("redis-server");

    public override string? DisplayUrl => _endpoint?.EndPoints.FirstOrDefault() switch
    {
        null => null,
        System.Net.DnsEndPoint dns => $"redis://{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
        var address => $"redis://{address}",
    };

    internal override Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        var given = context.Configuration.GetSection("ConnectionStrings")[Name];
        if (!string.IsNullOrWhiteSpace(given))
        {
            try
            {
                _endpoint = ConfigurationOptions.Parse(given);
            }
            catch (ArgumentException ex)
            {
                throw new OrchestrationException($"ConnectionStrings:{Name} is not a valid Redis connection string: {ex.Message}");
            }

            // The client's parser passes over an address it cannot read, leaving none.
            if (_endpoint.EndPoints.Count == 0)
            {
                throw new OrchestrationException(
                    $"ConnectionStrings:{Name} is not a valid Redis connection string: it names no server (expected host:port)");
            }

            ConnectionString = given;
            _existing = true;
            Note = $"existing server (ConnectionStrings:{Name})";
            return Task.CompletedTask;
        }

        var port = _port = Ports.GetFree();
        var password = context.DataFolder.GetOrCreateSecret("redis-password");
        ConnectionString = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},password={password}";
        _endpoint = ConfigurationOptions.Parse(ConnectionString);
        _redisServer = FindRedisServer();
        Note = _redisServer is null ? "Garnet (dotnet tool)" : $"local server ({_redisServer})";
        return Task.CompletedTask;
    }

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        if (!_existing)
        {
            var directory = context.DataFolder.RedisDirectory;
            Process = context.Track(Name, _redisServer is not null
                ? RedisServerLauncher.Start(_redisServer, directory, _port, _endpoint!.Password!, Name, context.Console)
                : await GarnetLauncher.StartAsync(directory, _port, _endpoint!.Password!, Name, context.Console, cancellationToken));
        }

        await Readiness.WaitAsync(Name, async ct =>
        {
            await using var client = await ConnectionMultiplexer.ConnectAsync(_endpoint!.Clone()).WaitAsync(ct);
            await client.GetDatabase().PingAsync().WaitAsync(ct);
            return (string?)null;
        }, Process, TimeSpan.FromSeconds(90), cancellationToken);
    }
}
