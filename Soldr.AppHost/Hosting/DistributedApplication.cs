using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;
using Soldr.AppHost.Testing;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// The AppHost's entry into running the stack: build the configuration, then <see cref="RunAsync"/>
/// prepares, starts, prints the status table, waits for Ctrl+C or SIGTERM and stops everything in
/// order. Under <see cref="DistributedApplicationTestingBuilder"/>, the same run is driven by a test.
/// </summary>
public sealed class DistributedApplication
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly bool _runningAsRoot = UnprivilegedUser.RunningAsRoot;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var environmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } env ? env : "Production";
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();

        string? error = null;
        try
        {
            configuration.AddInMemoryCollection(CommandLine.Parse(args));
        }
        catch (FormatException ex)
        {
            error = ex.Message;
        }

        var built = configuration.Build();
        var options = new AppHostOptions();
        if (error is null)
        {
            try
            {
                options = CommandLine.ReadOptions(built, environmentName);
            }
            catch (FormatException ex)
            {
                error = ex.Message;
            }
        }

        return new DistributedApplicationBuilder(built, options, error);
    }

    /// <summary>Runs until stopped; returns the process exit code (0 after a clean stop).</summary>
    public async Task<int> RunAsync()
    {
        var hook = TestingHook.Current;
        var console = hook?.Console ?? ResourceConsole.ForTerminal();
        if (_builder.StartupError is { } startupError)
        {
            console.Error(startupError);
            hook?.Failed(startupError);
            return 2;
        }

        if (_builder.Options.ShowHelp)
        {
            console.Info(CommandLine.Usage);
            return 0;
        }

        using var dataFolder = new DataFolder(_builder.Options.DataDirectory ?? DataFolder.DefaultPath(_runningAsRoot));
        var ledger = new ProcessLedger(Path.Combine(dataFolder.RunDirectory, "processes"));
        var context = new OrchestrationContext(_builder.Options, _builder.Configuration, dataFolder, console, ledger, _runningAsRoot);
        var orchestrator = new Orchestrator(_builder.Resources, context);
        console.RegisterResources(_builder.Resources.Select(r => r.Name));

        using var shutdown = new CancellationTokenSource();
        using var signals = hook is null ? StopSignals.Listen(shutdown, orchestrator.KillAll, console) : null;
        using var testStop = hook?.StopRequested.Register(shutdown.Cancel);
        EventHandler killOnExit = (_, _) => orchestrator.KillAll();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        try
        {
            if (!await StartAsync(dataFolder, ledger, orchestrator, console, hook, shutdown.Token))
            {
                return 1;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, shutdown.Token);
            }
            catch (OperationCanceledException)
            {
            }

            console.Info("Stopping: services first, then Redis and PostgreSQL...");
            await orchestrator.StopAsync();
            ledger.Clear();
            console.Info("Stopped.");
            return 0;
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        }
    }

    /// <summary>
    /// Opens the data folder and brings the stack up, then shows the status table. On failure, what
    /// did start is stopped and the user gets one line: an OrchestrationException says what to do;
    /// anything else is shown as it is.
    /// </summary>
    private async Task<bool> StartAsync(
        DataFolder dataFolder, ProcessLedger ledger, Orchestrator orchestrator, ResourceConsole console, TestingHook? hook, CancellationToken cancellationToken)
    {
        var ownsDataFolder = false;
        try
        {
            dataFolder.Open(_runningAsRoot);
            ownsDataFolder = true;
            foreach (var leftover in await ledger.StopLeftoversAsync())
            {
                console.Warning($"Stopped {leftover}, left running by an earlier run that did not shut down.");
            }

            if (_builder.Options.Reset)
            {
                dataFolder.Reset();
                console.Info($"Reset: the data folder {dataFolder.Path} is empty again.");
            }

            console.Info($"Starting Soldr (data folder: {dataFolder.Path})");
            await orchestrator.PrepareAsync(cancellationToken);
            await orchestrator.StartAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            var message = ex switch
            {
                OperationCanceledException => "Start-up was interrupted.",
                OrchestrationException => ex.Message,
                _ => $"{ex.GetType().Name}: {ex.Message}",
            };
            if (ex is not OperationCanceledException)
            {
                console.Error(message);
            }

            await orchestrator.StopAsync();
            if (ownsDataFolder)
            {
                ledger.Clear();
            }

            hook?.Failed(message);
            return false;
        }

        orchestrator.WatchForUnexpectedExits();
        console.Info(string.Empty);
        console.Info(StatusTable.Render(_builder.Resources));
        console.Info(hook is null ? "Soldr is running. Press Ctrl+C to stop." : "Soldr is running under test.");
        hook?.Started(new RunningApplication(_builder.Resources, dataFolder.Path));
        return true;
    }
}
