using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Management;

/// <summary>An alert as the management API lists it.</summary>
public sealed record AlertRecord(
    long Id, string State, string Webhook, long DestinationId, string Destination, string Reason, int FailedDeliveries,
    DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, bool Notified, string Kind, DateTimeOffset? DisabledAt);

/// <summary>Alerts, newest first, optionally only open or only resolved ones.</summary>
public sealed class AlertQueries(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<AlertRecord>> ListAsync(string? state, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.id, a.state, w.name, d.id, d.url, a.reason, a.failed_deliveries, a.opened_at, a.resolved_at,
                   CASE WHEN a.state = 'open' THEN a.opened_notified_at IS NOT NULL ELSE a.resolved_notified_at IS NOT NULL END,
                   a.kind, a.disabled_at
            FROM alerts a
            JOIN destinations d ON d.id = a.destination_id
            JOIN webhooks w ON w.id = d.webhook_id
            WHERE (@state IS NULL OR a.state = @state) AND (@before IS NULL OR a.id < @before)
            ORDER BY a.id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("before", NpgsqlDbType.Bigint, (object?)beforeId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var alerts = new List<AlertRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AlertRecord(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetBoolean(9),
                reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return alerts;
    }
}
