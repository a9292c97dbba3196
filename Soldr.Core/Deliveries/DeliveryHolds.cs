using Npgsql;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Keeps deliveries in step with what is enabled. <see cref="ApplyAsync"/> runs in the transaction that
/// changes a webhook: pending deliveries of a disabled destination or webhook become held, held ones of an
/// enabled pair whose circuit is closed pending again (their due times unchanged, so they go out in the order they arrived).
/// Leased deliveries are held too: the send in flight finishes, and the recorder keeps a held delivery
/// held instead of scheduling a retry. <see cref="ReleaseOpenAsync"/> catches the few that an ingest batch
/// written at the moment a pair was enabled saved as held after that release had run.
/// </summary>
public static class DeliveryHolds
{
    // The held deliveries of the pairs "pair" lists as open.
    private const string Release = """
        UPDATE deliveries d SET state = 'pending'
        FROM pair p
        WHERE d.destination_id = p.id AND p.open AND d.state = 'held'
        """;

    private const string ApplySql = $"""
        WITH pair AS (
            SELECT t.id, t.enabled AND w.enabled AND t.circuit_state = 'closed' AS open
            FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
            WHERE t.webhook_id = @webhook
        ), held AS (
            UPDATE deliveries d SET state = 'held'
            FROM pair p
            WHERE d.destination_id = p.id AND NOT p.open AND d.completed_at IS NULL AND d.state = 'pending'
            RETURNING 1
        ), released AS (
            {Release}
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM held), (SELECT count(*) FROM released)
        """;

    // Each open destination's held deliveries are found through deliveries_held, so when there are none
    // (nearly always) this reads next to nothing.
    private const string ReleaseOpenSql = $"""
        WITH pair AS (
            SELECT t.id, true AS open
            FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
            WHERE t.enabled AND w.enabled AND t.circuit_state = 'closed'
        )
        {Release}
        """;

    /// <summary>Applies the webhook's current enabled flags to its deliveries; returns how many were held and released.</summary>
    public static async Task<(long Held, long Released)> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long webhookId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ApplySql, connection, transaction);
        command.Parameters.AddWithValue("webhook", webhookId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Releases the held deliveries of every enabled destination of an enabled webhook; returns how many.</summary>
    public static async Task<int> ReleaseOpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(ReleaseOpenSql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
