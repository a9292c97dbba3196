using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;

namespace Soldr.Core.Flow;

/// <summary>A destination's circuit as stored, with the settings its policy comes from.</summary>
public sealed record CircuitRecord(
    long DestinationId,
    string State,
    DateTimeOffset? OpenedAt,
    string? OpenedBy,
    string? Reason,
    int Probes,
    DateTimeOffset? NextProbeAt,
    DateTimeOffset? DisabledAt,
    bool Enabled,
    CircuitPolicy? Policy)
{
    public const string Closed = "closed";
    public const string Open = "open";

    /// <summary>Who opens a circuit when it is not an operator.</summary>
    public const string ByFailures = "failures";

    public bool IsOpen => State == Open;
}

/// <summary>
/// Opens and closes destinations' circuits outside the recorder (which opens them on failures): by an
/// operator, after a probe, and when staying open disables the destination. Every change also holds or
/// releases the destination's deliveries and opens or resolves its circuit alert, in one statement.
/// </summary>
public sealed class CircuitStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    // Closing releases the held deliveries (unless the destination or its webhook is disabled, which holds
    // them still), due at once in the order received, and resolves the circuit alert: its recovery notice.
    private const string CloseSql = $"""
        WITH closed AS (
            UPDATE destinations t
            SET {CircuitSql.Reset}, sequence_head = NULL
            WHERE t.id = @destination AND t.circuit_state = 'open'
            RETURNING t.id, t.enabled, t.webhook_id
        ), released AS (
            UPDATE deliveries d SET state = 'pending', next_attempt_at = r.received_at
            FROM closed c, requests r, webhooks w
            WHERE d.destination_id = c.id AND d.state = 'held' AND r.id = d.request_id
              AND w.id = c.webhook_id AND c.enabled AND w.enabled
            RETURNING 1
        ), resolved AS (
            UPDATE alerts a SET state = 'resolved', resolved_at = @now
            FROM closed c
            WHERE a.destination_id = c.id AND a.kind = 'circuit' AND a.state = 'open'
        )
        SELECT (SELECT count(*) FROM closed), (SELECT count(*) FROM released)
        """;

    private const string OpenSql = $"""
        WITH opened AS (
            UPDATE destinations t
            SET circuit_state = 'open', circuit_opened_at = @now, circuit_opened_by = @by, circuit_reason = @reason,
                circuit_probes = 0, circuit_next_probe_at = NULL, circuit_disabled_at = NULL
            WHERE t.id = @destination AND t.circuit_state = 'closed'
            RETURNING t.id, t.circuit_reason
        ){CircuitSql.HoldAndAlert}
        SELECT count(*) FROM opened
        """;

    public async Task<CircuitRecord?> FindAsync(long destinationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT circuit_state, circuit_opened_at, circuit_opened_by, circuit_reason, circuit_probes,
                   circuit_next_probe_at, circuit_disabled_at, enabled, settings::text
            FROM destinations WHERE id = @destination
            """);
        command.Parameters.AddWithValue("destination", destinationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CircuitRecord(
            destinationId,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetBoolean(7),
            CircuitPolicy.From(SettingsJson.Deserialize<DestinationSettings>(reader.GetString(8)).Circuit));
    }

    /// <summary>
    /// Opens a closed circuit by hand: deliveries held, the circuit alert opened, no probes until the
    /// operator asks for one or closes it. Returns whether it was closed.
    /// </summary>
    public async Task<bool> OpenAsync(long destinationId, string by, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OpenSql);
        command.Parameters.AddWithValue("destination", destinationId);
        command.Parameters.AddWithValue("by", by);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>Closes an open circuit; returns null when it was not open, else how many held deliveries it released.</summary>
    public async Task<long?> CloseAsync(long destinationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CloseSql);
        command.Parameters.AddWithValue("destination", destinationId);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? null : reader.GetInt64(1);
    }

    /// <summary>
    /// Counts a failed (or impossible) probe and sets the next one, if the circuit is still the one opened
    /// at <paramref name="openedAt"/>. Returns whether it was.
    /// </summary>
    public async Task<bool> ProbeFailedAsync(long destinationId, DateTimeOffset openedAt, DateTimeOffset? nextProbeAt, bool counted, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE destinations
            SET circuit_probes = circuit_probes + CASE WHEN @counted THEN 1 ELSE 0 END, circuit_next_probe_at = @next
            WHERE id = @destination AND circuit_state = 'open' AND circuit_opened_at = @opened
            """);
        command.Parameters.AddWithValue("destination", destinationId);
        command.Parameters.AddWithValue("opened", openedAt);
        command.Parameters.AddWithValue("next", (object?)nextProbeAt ?? DBNull.Value);
        command.Parameters.AddWithValue("counted", counted);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Disables a destination whose circuit has stayed open since <paramref name="openedAt"/>: its deliveries
    /// stay held, probes stop, and the circuit alert's second notice is due. Returns whether it did.
    /// </summary>
    public async Task<bool> DisableAsync(long destinationId, DateTimeOffset openedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH disabled AS (
                UPDATE destinations
                SET enabled = false, circuit_disabled_at = @now, circuit_next_probe_at = NULL, updated_at = @now
                WHERE id = @destination AND circuit_state = 'open' AND circuit_opened_at = @opened AND circuit_disabled_at IS NULL
                RETURNING id
            ), alert AS (
                UPDATE alerts a SET disabled_at = @now
                FROM disabled WHERE a.destination_id = disabled.id AND a.kind = 'circuit' AND a.state = 'open'
            )
            SELECT count(*) FROM disabled
            """);
        command.Parameters.AddWithValue("destination", destinationId);
        command.Parameters.AddWithValue("opened", openedAt);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>
    /// In the transaction that changes a webhook: closes the circuits of its destinations that staying open
    /// had disabled and that are enabled again, so enabling one resumes it. Returns how many.
    /// </summary>
    public static async Task<int> CloseReenabledAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long webhookId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            WITH closed AS (
                UPDATE destinations t
                SET {CircuitSql.Reset}
                WHERE t.webhook_id = @webhook AND t.enabled AND t.circuit_state = 'open' AND t.circuit_disabled_at IS NOT NULL
                RETURNING t.id
            ), resolved AS (
                UPDATE alerts a SET state = 'resolved', resolved_at = @now
                FROM closed c WHERE a.destination_id = c.id AND a.kind = 'circuit' AND a.state = 'open'
            )
            SELECT count(*) FROM closed
            """, connection, transaction);
        command.Parameters.AddWithValue("webhook", webhookId);
        command.Parameters.AddWithValue("now", now);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
