using Npgsql;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Releases held deliveries whose destination and webhook are both enabled. Enabling a pair releases its
/// held deliveries as it commits; this catches the few an ingest batch written at that same moment
/// saved as held after the release had run. Each destination's held deliveries are found through
/// <c>deliveries_held</c>, so when there are none (nearly always) it reads next to nothing.
/// </summary>
public sealed class HeldDeliveries(NpgsqlDataSource dataSource)
{
    public async Task<int> ReleaseOpenAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE deliveries d SET state = 'pending'
            FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
            WHERE d.destination_id = t.id AND t.enabled AND w.enabled AND d.state = 'held'
            """);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
