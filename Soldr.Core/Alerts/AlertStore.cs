using Npgsql;

namespace Soldr.Core.Alerts;

/// <summary>
/// Hands out alert notices that have not been sent. A notice is claimed for a while (a column, not a
/// held row lock) so with several workers one sends it; a worker that dies mid-send lets the claim
/// lapse and the notice is sent again: at-least-once, like deliveries.
/// </summary>
public sealed class AlertStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    /// <summary>
    /// Claims up to <paramref name="max"/> unsent notices for <paramref name="claimFor"/>. The inner
    /// FOR UPDATE waits (briefly) for a failure being counted into the alert rather than skipping it, so
    /// a notice is never missed because its row was busy.
    /// </summary>
    public async Task<IReadOnlyList<AlertNotice>> ClaimUnsentAsync(int max, TimeSpan claimFor, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            UPDATE alerts a
            SET notice_claimed_until = @until
            FROM destinations d, webhooks w
            WHERE a.id IN (
                    SELECT id FROM alerts
                    WHERE (opened_notified_at IS NULL OR (state = 'resolved' AND resolved_notified_at IS NULL)
                           OR (state = 'open' AND reminder_due) OR (disabled_at IS NOT NULL AND disabled_notified_at IS NULL))
                      AND (notice_claimed_until IS NULL OR notice_claimed_until <= @now)
                    ORDER BY opened_at
                    LIMIT @max
                    FOR UPDATE)
              AND d.id = a.destination_id AND w.id = d.webhook_id
            RETURNING a.id,
                      CASE WHEN a.opened_notified_at IS NULL THEN 0
                           WHEN a.disabled_at IS NOT NULL AND a.disabled_notified_at IS NULL THEN 3
                           WHEN a.state = 'open' THEN 1 ELSE 2 END,
                      w.name, d.url, a.reason, a.failed_deliveries, a.opened_at, a.resolved_at, a.kind = 'circuit',
                      CASE WHEN a.kind = 'circuit'
                           THEN (SELECT count(*) FROM deliveries h WHERE h.destination_id = d.id AND h.state = 'held')::integer
                           ELSE 0 END
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + claimFor);
        command.Parameters.AddWithValue("max", max);
        var notices = new List<AlertNotice>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // An alert resolved before its opening notice went out gets both, in order: the opening
            // notice now, the resolution at the next pass.
            notices.Add(new AlertNotice(
                AlertId: reader.GetInt64(0),
                Kind: (AlertNoticeKind)reader.GetInt32(1),
                Webhook: reader.GetString(2),
                DestinationUrl: reader.GetString(3),
                Reason: reader.GetString(4),
                FailedDeliveries: reader.GetInt32(5),
                OpenedAt: reader.GetFieldValue<DateTimeOffset>(6),
                ResolvedAt: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                IsCircuit: reader.GetBoolean(8),
                HeldDeliveries: reader.GetInt32(9)));
        }

        return notices;
    }

    /// <summary>Records that the notice went out and lets the alert's next notice be claimed at once.</summary>
    public async Task MarkSentAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await using var command = dataSource.CreateCommand(notice.Kind switch
        {
            AlertNoticeKind.Opened => "UPDATE alerts SET opened_notified_at = @now, notice_claimed_until = NULL WHERE id = @id",
            AlertNoticeKind.Reminder => "UPDATE alerts SET reminded_at = @now, reminder_due = false, notice_claimed_until = NULL WHERE id = @id",
            AlertNoticeKind.Disabled => "UPDATE alerts SET disabled_notified_at = @now, notice_claimed_until = NULL WHERE id = @id",
            _ => "UPDATE alerts SET resolved_notified_at = @now, notice_claimed_until = NULL WHERE id = @id",
        });
        command.Parameters.AddWithValue("id", notice.AlertId);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the open alerts last announced (opened or reminded) at or before <paramref name="announcedBefore"/>
    /// as due for a reminder; returns how many. An alert resolved meanwhile gets its resolution instead.
    /// </summary>
    public async Task<long> MarkRemindersDueAsync(DateTimeOffset announcedBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE alerts SET reminder_due = true
            WHERE state = 'open' AND NOT reminder_due AND opened_notified_at IS NOT NULL
              AND COALESCE(reminded_at, opened_notified_at) <= @before
            """);
        command.Parameters.AddWithValue("before", announcedBefore);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
