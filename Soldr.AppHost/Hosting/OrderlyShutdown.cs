using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Soldr.AppHost.Hosting.LocalPostgres;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// Stops the stack in order when the AppHost stops (Ctrl+C, SIGTERM): the services first, so the worker
/// records the deliveries it has in flight and ingest drains its spool, then the local PostgreSQL with a
/// fast shutdown. Registered after Aspire's own services, it stops before the orchestrator does.
/// </summary>
public sealed class OrderlyShutdown(DistributedApplicationModel model, ResourceCommandService commands, ILogger<OrderlyShutdown> logger)
    : IHostedService
{
    private static readonly TimeSpan ServicesLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DatabaseLimit = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(ServicesLimit);
            await Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(p => StopServiceAsync(p.Name, limit.Token)));
        }

        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(DatabaseLimit);
            await Task.WhenAll(model.Resources.OfType<LocalPostgresResource>().Select(p => StopDatabaseAsync(p, limit.Token)));
        }
    }

    // A step that fails or runs out of time is logged and left to the orchestrator, which stops everything anyway.
    private async Task StopServiceAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            // Bounded here as well: the command waits for the process to be gone, and a service that does not go
            // must not hold the AppHost (and with it the orchestrator that would stop it) forever.
            var result = await commands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, cancellationToken)
                .WaitAsync(cancellationToken);
            if (!result.Success)
            {
                logger.CouldNotStopInOrder(name, result.Message ?? "the stop command failed");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            logger.CouldNotStopInOrder(name, ex.Message);
        }
    }

    private async Task StopDatabaseAsync(LocalPostgresResource server, CancellationToken cancellationToken)
    {
        try
        {
            await server.Cluster.StopServerAsync(cancellationToken).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            logger.CouldNotStopInOrder(server.Name, ex.Message);
        }
    }
}
