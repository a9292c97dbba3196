using System.Globalization;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Hosting.LocalRedis;

/// <summary>
/// The config file <c>redis-server</c> runs with: owner-only, as it holds the password (which therefore
/// never appears on a command line), loopback only, its files in the data folder.
/// </summary>
public static class RedisServerConfig
{
    /// <returns>The file's path.</returns>
    public static string Write(string directory, int port, string password)
    {
        OwnerOnly.CreateFolder(directory);
        var configFile = Path.Combine(directory, "redis.conf");
        OwnerOnly.WriteFile(configFile, string.Join('\n', BuildConfig(directory, port, password)) + "\n");
        return configFile;
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
