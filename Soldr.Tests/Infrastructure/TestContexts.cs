using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Hosting;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;

namespace Soldr.Tests.Infrastructure;

/// <summary>An orchestration context over a temporary data folder, for testing resources one by one.</summary>
public static class TestContexts
{
    public static OrchestrationContext Create(TempFolder folder, TextWriter output, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();
        var dataFolder = new DataFolder(folder.Path);
        Directory.CreateDirectory(dataFolder.RunDirectory);
        return new OrchestrationContext(
            CommandLine.ReadOptions(config, "Production"),
            config,
            dataFolder,
            new ResourceConsole(output, output, useColour: false),
            new ProcessLedger(Path.Combine(dataFolder.RunDirectory, "processes")),
            UnprivilegedUser.RunningAsRoot);
    }
}
