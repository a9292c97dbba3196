using System.Reflection;
using System.Text.Json;
using Soldr.AppHost.Orchestration;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Provisioning.Redis;

/// <summary>
/// Garnet, a Redis-compatible server distributed as a .NET tool, for machines without redis-server.
/// The tool is pinned in the repository's tool manifest and restored here on first use. Its settings,
/// password included, go in an owner-only config file rather than on the command line.
/// </summary>
public static class GarnetLauncher
{
    public static async Task<ManagedProcess> StartAsync(string directory, int port, string password, string resource, ResourceConsole console, CancellationToken cancellationToken)
    {
        var repositoryRoot = RepositoryRoot();
        console.Info("redis-server is not on PATH; using Garnet from the repository's tool manifest (dotnet tool restore)");
        var restore = await CommandRunner.RunAsync("dotnet", ["tool", "restore"], TimeSpan.FromMinutes(5), cancellationToken, repositoryRoot);
        if (!restore.Succeeded)
        {
            throw new OrchestrationException(
                $"Neither redis-server nor Garnet is available: 'dotnet tool restore' failed ({restore.LastLine}). Install Redis (apt-get install redis-server) or set ConnectionStrings:redis.");
        }

        OwnerOnly.CreateFolder(directory);
        var configFile = Path.Combine(directory, "garnet.conf");
        OwnerOnly.WriteFile(configFile, BuildConfig(port, password));

        return ManagedProcess.Start(resource, new ProcessSpec("dotnet", ["tool", "run", "garnet-server", "--", "--config-import-path", configFile])
        {
            WorkingDirectory = repositoryRoot,
            StopSignal = ProcessSignals.SigTerm,
            StopTimeout = TimeSpan.FromSeconds(15),
        }, console);
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
        });

    /// <summary>The repository the AppHost was built from: where the tool manifest (.config/dotnet-tools.json) is.</summary>
    public static string RepositoryRoot() =>
        typeof(GarnetLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "Soldr.RepositoryRoot")?.Value
        ?? throw new OrchestrationException("The AppHost was built without its repository location; rebuild it with dotnet build.");
}
