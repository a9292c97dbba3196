using Npgsql;

namespace Soldr.Core.Alerts;

/// <summary>
/// Hands out alert notices that have not been sent. Each notice is taken with a row lock held until it
/// is marked sent, so with several workers exactly one sends it; a worker that dies mid-send lets the
/// lock go and the notice is sent again (at-least-once, like deliveries).
/// </summary>
public sealed class AlertStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Sends each unsent notice through <paramref name="send"/> and marks it sent when that returns
    /// true. A notice that fails to send stays unsent for the next pass. Returns how many were sent.
    /// </summary>
    public async Task<int> SendPendingAsync(Func<AlertNotice, CancellationToken, Task<bool>> send, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var notices = await TakeUnsentAsync(connection, transaction, max, cancellationToken);
        var sent = 0;
        foreach (var notice in notices)
        {
            if (!await send(notice, cancellationToken))
            {
                continue;
            }

            await using var mark = new NpgsqlCommand(notice.Kind == AlertNoticeKind.Opened
                ? "UPDATE alerts SET opened_notified_at = @now WHERE id = @id"
                : "UPDATE alerts SET resolved_notified_at = @now WHERE id = @id", connection, transaction);
            mark.Parameters.AddWithValue("id", notice.AlertId);
            mark.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
            await mark.ExecuteNonQueryAsync(cancellationToken);
            sent++;
        }

        await transaction.CommitAsync(cancellationToken);
        return sent;
    }

    private static async Task<List<AlertNotice>> TakeUnsentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int max, CancellationToken cancellationToken)
    {
        // An alert resolved before its opening notice went out still gets both, in order: the opening
        // notice first, the resolution at the next pass.
        await using var command = new NpgsqlCommand("""
            SELECT a.id, a.opened_notified_at IS NULL, w.name, d.url, a.reason, a.failed_deliveries, a.opened_at, a.resolved_at
            FROM alerts a
            JOIN destinations d ON d.id = a.destination_id
            JOIN webhooks w ON w.id = d.webhook_id
            WHERE a.opened_notified_at IS NULL OR (a.state = 'resolved' AND a.resolved_notified_at IS NULL)
            ORDER BY a.opened_at
            LIMIT @max
            FOR UPDATE OF a SKIP LOCKED
            """, connection, transaction);
        command.Parameters.AddWithValue("max", max);
        var notices = new List<AlertNotice>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notices.Add(new AlertNotice(
                AlertId: reader.GetInt64(0),
                Kind: reader.GetBoolean(1) ? AlertNoticeKind.Opened : AlertNoticeKind.Resolved,
                Webhook: reader.GetString(2),
                DestinationUrl: reader.GetString(3),
                Reason: reader.GetString(4),
                FailedDeliveries: reader.GetInt32(5),
                OpenedAt: reader.GetFieldValue<DateTimeOffset>(6),
                ResolvedAt: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return notices;
    }
}
