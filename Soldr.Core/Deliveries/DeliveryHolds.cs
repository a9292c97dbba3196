using Npgsql;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Keeps a webhook's deliveries in step with what is enabled, in the transaction that changes it: pending
/// deliveries of a disabled destination or webhook become held, held ones of an enabled pair pending again
/// (their due times unchanged, so they go out in the order they arrived). Leased deliveries are held too:
/// the send in flight finishes, and the recorder keeps a held delivery held instead of scheduling a retry.
/// </summary>
public static class DeliveryHolds
{
    private const string Sql = """
        WITH pair AS (
            SELECT t.id, t.enabled AND w.enabled AS open
            FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
            WHERE t.webhook_id = @webhook
        ), held AS (
            UPDATE deliveries d SET state = 'held'
            FROM pair p
            WHERE d.destination_id = p.id AND NOT p.open AND d.completed_at IS NULL AND d.state = 'pending'
            RETURNING 1
        ), released AS (
            UPDATE deliveries d SET state = 'pending'
            FROM pair p
            WHERE d.destination_id = p.id AND p.open AND d.state = 'held'
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM held), (SELECT count(*) FROM released)
        """;

    /// <summary>Applies the webhook's current enabled flags to its deliveries; returns how many were held and released.</summary>
    public static async Task<(long Held, long Released)> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long webhookId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.AddWithValue("webhook", webhookId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
