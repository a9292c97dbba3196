using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Routing;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Routing;

/// <summary>
/// Turns requests waiting for routing into deliveries, as soon as woken or at each poll. Ingest routes
/// as it saves; what waits here are requests the management API sent back to routing (a re-send of an
/// unroutable one) and any saved by other means.
/// </summary>
internal sealed class RoutingService(
    RequestRouter router,
    WorkSignals signals,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<RoutingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever was not routed stays 'received' for the next start.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                RoutingResult result;
                do
                {
                    result = await router.RouteBatchAsync(settings.BatchSize, stoppingToken);
                    if (result.Total > 0)
                    {
                        Log.Routed(logger, result.Routed, result.Unroutable, result.DeliveriesCreated);
                    }

                    if (result.DeliveriesCreated > 0)
                    {
                        signals.DeliveriesDue.Set();
                    }
                }
                while (result.Total == settings.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                Log.RoutingFailed(logger, ex.Message);
            }

            await signals.RequestsSaved.WaitAsync(settings.PollInterval, timeProvider, stoppingToken);
        }
    }
}
