namespace Soldr.Core.Flow;

/// <summary>The pieces of SQL every change of a circuit shares, wherever it is made.</summary>
internal static class CircuitSql
{
    /// <summary>The SET list that closes a circuit and starts its counts afresh.</summary>
    public const string Reset = """
        circuit_state = 'closed', consecutive_failures = 0, window_started_at = NULL,
        window_attempts = 0, window_failures = 0, circuit_opened_at = NULL, circuit_opened_by = NULL,
        circuit_reason = NULL, circuit_probes = 0, circuit_next_probe_at = NULL, circuit_disabled_at = NULL
        """;

    /// <summary>
    /// Follows a CTE <c>opened</c> that returns the destinations whose circuit just opened (<c>id</c>,
    /// <c>circuit_reason</c>): holds their pending deliveries (those being sent finish; the recorder keeps them
    /// held) and opens each one's circuit alert, once.
    /// </summary>
    public const string HoldAndAlert = """
        , held AS (
            UPDATE deliveries d SET state = 'held'
            FROM opened
            WHERE d.destination_id = opened.id AND d.completed_at IS NULL AND d.state = 'pending'
        ), alert AS (
            INSERT INTO alerts (destination_id, kind, opened_at, reason)
            SELECT id, 'circuit', @now, circuit_reason FROM opened
            ON CONFLICT (destination_id, kind) WHERE state = 'open' DO NOTHING
        )
        """;
}
