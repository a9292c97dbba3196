using Npgsql;
using NpgsqlTypes;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Flow;

namespace Soldr.Core.Management;

/// <summary>A webhook with its destinations, settings as stored (JSON).</summary>
public sealed record WebhookRecord(
    long Id, string Name, bool Enabled, string Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<DestinationRecord> Destinations);

/// <summary>
/// A destination with what its last attempt at its own URL said (attempts an edit redirected elsewhere say
/// nothing about it), whether an alert is open on it, and how many of its deliveries wait: pending (to be
/// sent) and held (until it and its webhook are enabled).
/// </summary>
public sealed record DestinationRecord(
    long Id, string Url, bool Enabled, string Settings, int? LastStatusCode, DateTimeOffset? LastAttemptAt, bool? LastSucceeded, bool AlertOpen,
    long Pending = 0, long Held = 0, CircuitView? Circuit = null);

/// <summary>A webhook as the management API writes it; settings already serialized.</summary>
public sealed record WebhookDraft(string Name, bool Enabled, string Settings, IReadOnlyList<DestinationDraft> Destinations);

public sealed record DestinationDraft(string Url, bool Enabled, string Settings);

/// <summary>
/// What an update did: whether the webhook existed; the destinations kept but disabled because deliveries to
/// them are unfinished; the deliveries cancelled with removed destinations; deliveries held and released
/// by the enabled flags.
/// </summary>
public sealed record WebhookUpdate(bool Found, IReadOnlyList<string> DisabledInsteadOfRemoved, long Cancelled = 0, long Held = 0, long Released = 0);

/// <summary>What a delete did: whether the webhook existed and was deleted, deliveries cancelled, and those still unfinished (which prevent it).</summary>
public sealed record WebhookDeletion(bool Found, bool Deleted, long Cancelled, long Unfinished);

/// <summary>Webhooks and destinations as the management API changes them.</summary>
public sealed class WebhookAdminStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<WebhookRecord>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("""
                    SELECT id, name, enabled, settings::text, created_at, updated_at
                    FROM webhooks WHERE $1::text IS NULL OR name = $1
                    ORDER BY name
                    """),
                new("""
                    SELECT t.webhook_id, t.id, t.url, t.enabled, t.settings::text,
                           last.last_status_code, last.last_attempt_at,
                           CASE WHEN last.last_attempt_at IS NULL THEN NULL
                                ELSE last.last_error_kind IS NULL AND last.last_status_code BETWEEN 200 AND 299 END,
                           EXISTS (SELECT 1 FROM alerts a WHERE a.destination_id = t.id AND a.state = 'open'),
                           (SELECT count(*) FROM deliveries d WHERE d.destination_id = t.id AND d.completed_at IS NULL AND d.state = 'pending'),
                           (SELECT count(*) FROM deliveries d WHERE d.destination_id = t.id AND d.state = 'held'),
                           t.circuit_state, t.consecutive_failures, t.circuit_opened_at, t.circuit_opened_by, t.circuit_reason,
                           t.circuit_probes, t.circuit_next_probe_at, t.circuit_disabled_at
                    FROM destinations t
                    JOIN webhooks w ON w.id = t.webhook_id
                    LEFT JOIN LATERAL (
                        SELECT d.last_status_code, d.last_attempt_at, d.last_error_kind
                        FROM deliveries d
                        WHERE d.destination_id = t.id AND d.last_attempt_at IS NOT NULL AND NOT d.last_redirected
                        ORDER BY d.last_attempt_at DESC
                        LIMIT 1
                    ) last ON true
                    WHERE $1::text IS NULL OR w.name = $1
                    ORDER BY t.id
                    """),
            },
        };
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)name ?? DBNull.Value });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var webhooks = new List<(long Id, string Name, bool Enabled, string Settings, DateTimeOffset Created, DateTimeOffset Updated)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            webhooks.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        await reader.NextResultAsync(cancellationToken);
        var destinations = new List<(long Webhook, DestinationRecord Destination)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            destinations.Add((reader.GetInt64(0), new DestinationRecord(
                reader.GetInt64(1), reader.GetString(2), reader.GetBoolean(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetBoolean(7),
                reader.GetBoolean(8),
                reader.GetInt64(9),
                reader.GetInt64(10),
                new CircuitView(
                    reader.GetString(11),
                    reader.GetInt32(12),
                    reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                    reader.IsDBNull(14) ? null : reader.GetString(14),
                    reader.IsDBNull(15) ? null : reader.GetString(15),
                    reader.GetInt32(16),
                    reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17),
                    reader.IsDBNull(18) ? null : reader.GetFieldValue<DateTimeOffset>(18)))));
        }

        var byWebhook = destinations.ToLookup(d => d.Webhook, d => d.Destination);
        return [.. webhooks.Select(w => new WebhookRecord(w.Id, w.Name, w.Enabled, w.Settings, w.Created, w.Updated, [.. byWebhook[w.Id]]))];
    }

    public async Task<WebhookRecord?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await ListAsync(name, cancellationToken)).SingleOrDefault();

    /// <summary>Replaces one destination's settings; false when the webhook has no such destination.</summary>
    public async Task<bool> SetDestinationSettingsAsync(
        string webhook, long destinationId, string settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE destinations t SET settings = @settings, updated_at = @now
            FROM webhooks w
            WHERE t.id = @id AND w.id = t.webhook_id AND w.name = @webhook
            """);
        command.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, settings);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("id", destinationId);
        command.Parameters.AddWithValue("webhook", webhook);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Creates the webhook and its destinations; false when the name is taken.</summary>
    public async Task<bool> CreateAsync(WebhookDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO webhooks (name, enabled, settings, created_at, updated_at) VALUES (@name, @enabled, @settings, @now, @now)
            ON CONFLICT (name) DO NOTHING
            RETURNING id
            """, connection, transaction);
        insert.Parameters.AddWithValue("name", draft.Name);
        insert.Parameters.AddWithValue("enabled", draft.Enabled);
        insert.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, draft.Settings);
        insert.Parameters.AddWithValue("now", now);
        if (await insert.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return false;
        }

        await UpsertDestinationsAsync(connection, transaction, id, draft.Destinations, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Replaces the webhook's settings and destinations, matched by URL: new ones are added, existing
    /// ones updated, missing ones removed. A missing destination with unfinished deliveries (pending, held,
    /// or being sent) is disabled instead, so they are not dropped with it, unless
    /// <paramref name="cancelUnfinished"/> says to cancel them; one still being sent keeps it until its
    /// attempt is recorded. The enabled flags then hold or release the webhook's deliveries.
    /// </summary>
    public async Task<WebhookUpdate> UpdateAsync(
        string name, WebhookDraft draft, DateTimeOffset now, bool cancelUnfinished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = new NpgsqlCommand("""
            UPDATE webhooks SET enabled = @enabled, settings = @settings, updated_at = @now
            WHERE name = @name
            RETURNING id
            """, connection, transaction);
        update.Parameters.AddWithValue("name", name);
        update.Parameters.AddWithValue("enabled", draft.Enabled);
        update.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, draft.Settings);
        update.Parameters.AddWithValue("now", now);
        if (await update.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return new WebhookUpdate(false, []);
        }

        await UpsertDestinationsAsync(connection, transaction, id, draft.Destinations, now, cancellationToken);
        var urls = draft.Destinations.Select(d => d.Url).ToArray();
        var cancelled = cancelUnfinished
            ? await CancelUnfinishedAsync(connection, transaction, CancelOfMissingSql, id, urls, now, cancellationToken)
            : 0;

        await using var remove = new NpgsqlCommand("""
            WITH missing AS (
                SELECT t.id, t.url,
                       EXISTS (SELECT 1 FROM deliveries d
                               WHERE d.destination_id = t.id AND (d.completed_at IS NULL OR d.locked_until > @now)) AS busy
                FROM destinations t
                WHERE t.webhook_id = @webhook AND t.url <> ALL (@urls)
                FOR UPDATE
            ), disabled AS (
                UPDATE destinations t SET enabled = false, updated_at = @now
                FROM missing m WHERE t.id = m.id AND m.busy
                RETURNING t.url
            ), deleted AS (
                DELETE FROM destinations t USING missing m WHERE t.id = m.id AND NOT m.busy
            )
            SELECT url FROM disabled
            """, connection, transaction);
        remove.Parameters.AddWithValue("webhook", id);
        remove.Parameters.AddWithValue("urls", urls);
        remove.Parameters.AddWithValue("now", now);
        var disabled = new List<string>();
        await using (var reader = await remove.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                disabled.Add(reader.GetString(0));
            }
        }

        await CircuitStore.CloseReenabledAsync(connection, transaction, id, now, cancellationToken);
        var (held, released) = await DeliveryHolds.ApplyAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WebhookUpdate(true, disabled, cancelled, held, released);
    }

    /// <summary>
    /// Deletes the webhook, its destinations and their deliveries; its requests stay (they keep the name
    /// they were sent to) until the purge. Refused while a delivery is unfinished; with
    /// <paramref name="cancelUnfinished"/> they are cancelled first, and only one being sent right now
    /// (whose attempt must still be recorded) can then prevent it.
    /// </summary>
    public async Task<WebhookDeletion> DeleteAsync(string name, bool cancelUnfinished, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var find = new NpgsqlCommand("SELECT id FROM webhooks WHERE name = @name FOR UPDATE", connection, transaction);
        find.Parameters.AddWithValue("name", name);
        if (await find.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return new WebhookDeletion(false, false, 0, 0);
        }

        var cancelled = cancelUnfinished
            ? await CancelUnfinishedAsync(connection, transaction, CancelOfWebhookSql, id, [], now, cancellationToken)
            : 0;

        await using var delete = new NpgsqlCommand("""
            WITH unfinished AS (
                SELECT count(*) AS n FROM deliveries d JOIN destinations t ON t.id = d.destination_id
                WHERE t.webhook_id = @webhook AND (d.completed_at IS NULL OR d.locked_until > @now)
            ), deleted AS (
                DELETE FROM webhooks w WHERE w.id = @webhook AND (SELECT n FROM unfinished) = 0
                RETURNING 1
            )
            SELECT (SELECT n FROM unfinished), EXISTS (SELECT 1 FROM deleted)
            """, connection, transaction);
        delete.Parameters.AddWithValue("webhook", id);
        delete.Parameters.AddWithValue("now", now);
        long unfinished;
        bool deleted;
        await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            unfinished = reader.GetInt64(0);
            deleted = reader.GetBoolean(1);
        }

        await transaction.CommitAsync(cancellationToken);
        return new WebhookDeletion(true, deleted, cancelled, unfinished);
    }

    // The pending and held deliveries of a webhook's destinations, or of those no longer listed (@urls).
    private const string CancelOfWebhookSql = """
        UPDATE deliveries d SET state = 'cancelled', completed_at = @now
        FROM destinations t
        WHERE d.destination_id = t.id AND t.webhook_id = @webhook
          AND d.completed_at IS NULL AND d.state IN ('pending', 'held')
        """;

    private const string CancelOfMissingSql = CancelOfWebhookSql + " AND t.url <> ALL (@urls)";

    private static async Task<long> CancelUnfinishedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long webhookId, string[] urls, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var cancel = new NpgsqlCommand(sql, connection, transaction);
        cancel.Parameters.AddWithValue("webhook", webhookId);
        cancel.Parameters.AddWithValue("urls", urls);
        cancel.Parameters.AddWithValue("now", now);
        return await cancel.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task UpsertDestinationsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long webhookId, IReadOnlyList<DestinationDraft> destinations, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO destinations (webhook_id, url, enabled, settings, created_at, updated_at)
            SELECT @webhook, d.url, d.enabled, d.settings::jsonb, @now, @now
            FROM unnest(@urls, @enabled, @settings) AS d (url, enabled, settings)
            ON CONFLICT (webhook_id, url) DO UPDATE
            SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at
            """, connection, transaction);
        upsert.Parameters.AddWithValue("webhook", webhookId);
        upsert.Parameters.AddWithValue("now", now);
        upsert.Parameters.AddWithValue("urls", destinations.Select(d => d.Url).ToArray());
        upsert.Parameters.AddWithValue("enabled", destinations.Select(d => d.Enabled).ToArray());
        upsert.Parameters.AddWithValue("settings", destinations.Select(d => d.Settings).ToArray());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
