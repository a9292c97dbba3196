using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.ServiceDefaults.Hosting;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Reads the queue's depth, the age of its oldest due delivery, the held deliveries and the open circuits
/// for the gauges, every heartbeat.
/// </summary>
internal sealed class QueueMonitor(
    NpgsqlDataSource dataSource,
    QueueSnapshot snapshot,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<QueueMonitor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.HeartbeatInterval, timeProvider, ReadAsync, stoppingToken);

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = timeProvider.GetUtcNow();
            await using var command = dataSource.CreateCommand("""
                SELECT count(*), min(next_attempt_at) FILTER (WHERE next_attempt_at <= @now),
                       (SELECT count(*) FROM deliveries WHERE state = 'held'),
                       (SELECT count(*) FROM deliveries h JOIN destinations t ON t.id = h.destination_id
                        WHERE h.state = 'held' AND t.circuit_state = 'open'),
                       (SELECT count(*) FROM destinations WHERE circuit_state = 'open')
                FROM deliveries WHERE state = 'pending'
                """);
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var oldest = reader.IsDBNull(1) ? now : reader.GetFieldValue<DateTimeOffset>(1);
            snapshot.Update(reader.GetInt64(0), Math.Max(0, (now - oldest).TotalSeconds));
            snapshot.UpdateHeld(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            Log.QueueReadFailed(logger, ex.Message);
        }
    }
}
