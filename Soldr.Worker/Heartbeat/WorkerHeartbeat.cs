using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Workers;
using Soldr.ServiceDefaults.Hosting;
using Soldr.Worker.Delivery;
using Soldr.Worker.Flow;

namespace Soldr.Worker.Heartbeat;

/// <summary>
/// Keeps this worker's row in the <c>workers</c> table fresh (last seen, sends in flight) and removes it
/// on a clean stop. A worker that dies leaves a row that stops being refreshed; a recurring job removes it.
/// </summary>
internal sealed class WorkerHeartbeat(
    WorkerRegistry registry,
    InFlightDeliveries inFlight,
    LiveWorkers liveWorkers,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<WorkerHeartbeat> logger) : BackgroundService
{
    public WorkerIdentity Identity { get; } = new(
        Guid.CreateVersion7(timeProvider.GetUtcNow()),
        Environment.MachineName,
        Environment.ProcessId,
        timeProvider.GetUtcNow());

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.HeartbeatInterval, timeProvider, BeatAsync, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await registry.RemoveAsync(Identity, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            Log.HeartbeatFailed(logger, ex.Message);
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            liveWorkers.Count = await registry.BeatAsync(Identity, inFlight.Count, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            Log.HeartbeatFailed(logger, ex.Message);
        }
    }
}
