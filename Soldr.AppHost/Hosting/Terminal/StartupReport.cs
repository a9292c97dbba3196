using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Soldr.AppHost.Hosting.Terminal;

/// <summary>
/// Once every service is healthy, prints the few lines a user needs: the dashboard, ingest's URL forms,
/// the UI and the API, and where the admin secret is. If a resource fails or exits before that, says
/// which and stops the AppHost with exit code 1 rather than leaving it waiting silently.
/// </summary>
public sealed class StartupReport(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    SoldrSetup setup,
    DistributedApplicationOptions aspire) : BackgroundService
{
    private static readonly HashSet<string> Failed = [KnownResourceStates.FailedToStart, KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.RuntimeUnhealthy];

    /// <summary>1 when the stack failed to come up; the AppHost's exit code.</summary>
    public int ExitCode { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var services = model.Resources.OfType<ProjectResource>().Select(p => p.Name).ToList();
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watch = WatchForFailureAsync(failure.Token);
        var healthy = Task.WhenAll(services.Select(name => notifications.WaitForResourceHealthyAsync(name, stoppingToken)));
        try
        {
            if (await Task.WhenAny(healthy, watch) == healthy)
            {
                await healthy;
                Console.Out.WriteLine(Summary());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await failure.CancelAsync();
        }

        await watch;
    }

    private async Task WatchForFailureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (update.Snapshot.State?.Text is { } state && Failed.Contains(state) && !lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    var what = update.Snapshot.ExitCode is { } exit ? $"exited with code {exit}" : $"is {state}";
                    var why = await LogLines.LastWordAsync(logs, update.ResourceId, cancellationToken);
                    await Console.Error.WriteLineAsync($"error: {update.Resource.Name} {what} while starting: {why ?? "see its log above"}");
                    ExitCode = 1;
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private string Summary()
    {
        var options = setup.Options;
        var domain = configuration["Soldr:Ingest:BaseDomain"] ?? "wh.localhost";
        var ingest = $"http://{Host(options.Bind)}:{options.IngestPort}";
        var dashboard = !aspire.DisableDashboard && configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } url
            ? $"{url}/login?t={configuration["AppHost:BrowserToken"]}"
            : "off (--no-dashboard)";
        var secret = setup.AdminSecretFile is { } file ? $"{file} (owner-only)" : $"from configuration ({ServiceConfiguration.AdminSecretKey})";
        return $"""

            Soldr is running.
              Aspire dashboard:  {dashboard}
              Webhooks (ingest): http://<name>.{domain}:{options.IngestPort}/  or  {ingest}/w/<name>/
              Management UI:     http://{Host(options.Bind)}:{options.UiPort}  (sign in with the admin secret)
              Management API:    http://{Host(options.ApiBind)}:{options.ApiPort}  (Authorization: Bearer <secret>; reference at /reference)
              Admin secret:      {secret}
            Press Ctrl+C to stop.

            """;
    }

    // A wildcard bind is reached on this machine as localhost.
    private static string Host(string bind) =>
        bind is "0.0.0.0" or "*" or "+" or "::" or "[::]" ? "localhost" : ServiceEndpoints.UrlHost(bind);
}
