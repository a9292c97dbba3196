using System.Globalization;
using Soldr.AppHost.Orchestration;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Provisioning.Redis;

/// <summary>
/// Runs <c>redis-server</c> from PATH with a generated config file (owner-only: it holds the password,
/// which therefore never appears on a command line), on loopback, with its files in the data folder.
/// </summary>
public static class RedisServerLauncher
{
    public static ManagedProcess Start(string executable, string directory, int port, string password, string resource, ResourceConsole console)
    {
        OwnerOnly.CreateFolder(directory);
        var configFile = Path.Combine(directory, "redis.conf");
        OwnerOnly.WriteFile(configFile, string.Join('\n', BuildConfig(directory, port, password)) + "\n");

        return ManagedProcess.Start(resource, new ProcessSpec(executable, [configFile])
        {
            WorkingDirectory = directory,
            StopSignal = ProcessSignals.SigTerm,
            StopTimeout = TimeSpan.FromSeconds(15),
        }, console);
    }

    public static IReadOnlyList<string> BuildConfig(string directory, int port, string password) =>
    [
        $"port {port.ToString(CultureInfo.InvariantCulture)}",
        "bind 127.0.0.1",
        "protected-mode yes",
        "daemonize no",
        "logfile \"\"",
        $"dir \"{directory}\"",
        // Redis holds nothing PostgreSQL does not; an append-only file just keeps rate-limit windows across restarts.
        "appendonly yes",
        "appendfsync everysec",
        "save \"\"",
        $"requirepass \"{password}\"",
    ];
}
