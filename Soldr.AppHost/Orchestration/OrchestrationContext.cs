using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Hosting;
using Soldr.AppHost.Provisioning;

namespace Soldr.AppHost.Orchestration;

/// <summary>What resources need while they prepare, start and stop.</summary>
public sealed class OrchestrationContext(
    AppHostOptions options, IConfiguration configuration, DataFolder dataFolder, ResourceConsole console, ProcessLedger ledger, bool runningAsRoot)
{
    public AppHostOptions Options { get; } = options;

    /// <summary>The AppHost's configuration: appsettings, environment, and --Key:Sub=value arguments.</summary>
    public IConfiguration Configuration { get; } = configuration;

    public DataFolder DataFolder { get; } = dataFolder;

    public ResourceConsole Console { get; } = console;

    public ProcessLedger Ledger { get; } = ledger;

    public bool RunningAsRoot { get; } = runningAsRoot;

    /// <summary>Records a started child process so a later run can clean up after a crash.</summary>
    public ManagedProcess Track(string resource, ManagedProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        Ledger.Add(resource, process.Id, process.StopSignal);
        return process;
    }
}
