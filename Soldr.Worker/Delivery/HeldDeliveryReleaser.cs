using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.ServiceDefaults.Hosting;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Delivery;

/// <summary>
/// At every poll, sends held deliveries of enabled destinations back to pending (see
/// <see cref="DeliveryHolds.ReleaseOpenAsync"/>), so none stays held because it was saved as a destination was being enabled.
/// </summary>
internal sealed class HeldDeliveryReleaser(
    NpgsqlDataSource dataSource,
    WorkSignals signals,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<HeldDeliveryReleaser> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.PollInterval, timeProvider, ReleaseAsync, stoppingToken);

    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await DeliveryHolds.ReleaseOpenAsync(dataSource, cancellationToken) is > 0 and var released)
            {
                Log.HeldReleased(logger, released);
                signals.DeliveriesDue.Set();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // PostgreSQL away: the next poll tries again.
            Log.HeldReleaseFailed(logger, ex.Message);
        }
    }
}
