using System.Reflection;
using System.Text.Json;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Hosting.LocalRedis;

/// <summary>
/// Garnet, a Redis-compatible server distributed as a .NET tool, for machines without redis-server.
/// The tool is pinned in the repository's tool manifest and restored before its first start. Its
/// settings, password included, go in an owner-only config file rather than on the command line.
/// </summary>
public static class Garnet
{
    public static async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var restore = await CommandRunner.RunAsync("dotnet", ["tool", "restore"], TimeSpan.FromMinutes(5), cancellationToken, RepositoryRoot());
        if (!restore.Succeeded)
        {
            throw new StartupException(
                $"Neither redis-server nor Garnet is available: 'dotnet tool restore' failed ({restore.LastLine}). Install Redis (apt-get install redis-server) or set ConnectionStrings:redis.");
        }
    }

    /// <returns>The file's path.</returns>
    public static string WriteConfig(string directory, int port, string password)
    {
        OwnerOnly.CreateFolder(directory);
        var configFile = Path.Combine(directory, "garnet.conf");
        OwnerOnly.WriteFile(configFile, BuildConfig(port, password));
        return configFile;
    }

    public static string BuildConfig(int port, string password) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Port"] = port,
            ["Address"] = "127.0.0.1",
            ["AuthenticationMode"] = "Password",
            ["Password"] = password,
            ["MemorySize"] = "256m",
            ["IndexSize"] = "16m",
            // Destination rate limits are a script.
            ["EnableLua"] = true,
        });

    /// <summary>The repository the AppHost was built from: where the tool manifest (.config/dotnet-tools.json) is.</summary>
    public static string RepositoryRoot() =>
        typeof(Garnet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "Soldr.RepositoryRoot")?.Value
        ?? throw new StartupException("The AppHost was built without its repository location; rebuild it with dotnet build.");
}
