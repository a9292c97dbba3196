using System.Globalization;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;
using Soldr.AppHost.Provisioning.Redis;
using Soldr.ServiceDefaults.Redis;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// Redis: an existing server when <c>ConnectionStrings:&lt;name&gt;</c> is configured; else
/// <c>redis-server</c> from PATH; else Garnet from the repository's tool manifest.
/// </summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString
{
    private string? _redisServer;
    private RedisEndpoint? _endpoint;
    private bool _existing;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>How redis-server is found; replaced in tests to exercise the Garnet route.</summary>
    internal Func<string?> FindRedisServer { get; set; } = () => CommandRunner.FindOnPath("redis-server");

    public override string? DisplayUrl => _endpoint is null ? null : $"redis://{_endpoint}";

    internal override Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        var given = context.Configuration.GetSection("ConnectionStrings")[Name];
        if (!string.IsNullOrWhiteSpace(given))
        {
            try
            {
                _endpoint = RedisEndpoint.Parse(given);
            }
            catch (FormatException ex)
            {
                throw new OrchestrationException($"ConnectionStrings:{Name} is not a valid Redis connection string: {ex.Message}");
            }

            ConnectionString = given;
            _existing = true;
            Note = $"existing server (ConnectionStrings:{Name})";
            return Task.CompletedTask;
        }

        var port = Ports.GetFree();
        var password = context.DataFolder.GetOrCreateSecret("redis-password");
        _endpoint = new RedisEndpoint("127.0.0.1", port, null, password, UseSsl: false, Database: 0);
        ConnectionString = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},password={password}";
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
                ? RedisServerLauncher.Start(_redisServer, directory, _endpoint!.Port, _endpoint.Password!, Name, context.Console)
                : await GarnetLauncher.StartAsync(directory, _endpoint!.Port, _endpoint.Password!, Name, context.Console, cancellationToken));
        }

        await using var client = new RedisClient(_endpoint!);
        await Readiness.WaitAsync(Name, async ct =>
        {
            await client.PingAsync(ct);
            return (string?)null;
        }, Process, TimeSpan.FromSeconds(90), cancellationToken);
    }
}
