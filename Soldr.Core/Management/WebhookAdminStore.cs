using Npgsql;
using NpgsqlTypes;

namespace Soldr.Core.Management;

/// <summary>A webhook with its destinations, settings as stored (JSON).</summary>
public sealed record WebhookRecord(
    long Id, string Name, bool Enabled, string Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<DestinationRecord> Destinations);

/// <summary>A destination with what its last attempt said and whether an alert is open on it.</summary>
public sealed record DestinationRecord(
    long Id, string Url, bool Enabled, string Settings, int? LastStatusCode, DateTimeOffset? LastAttemptAt, bool? LastSucceeded, bool AlertOpen);

/// <summary>A webhook as the management API writes it; settings already serialized.</summary>
public sealed record WebhookDraft(string Name, bool Enabled, string Settings, IReadOnlyList<DestinationDraft> Destinations);

public sealed record DestinationDraft(string Url, bool Enabled, string Settings);

/// <summary>What an update did: whether the webhook existed, and the destinations kept but disabled because deliveries to them are pending.</summary>
public sealed record WebhookUpdate(bool Found, IReadOnlyList<string> DisabledInsteadOfRemoved);

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
                           EXISTS (SELECT 1 FROM alerts a WHERE a.destination_id = t.id AND a.state = 'open')
                    FROM destinations t
                    JOIN webhooks w ON w.id = t.webhook_id
                    LEFT JOIN LATERAL (
                        SELECT d.last_status_code, d.last_attempt_at, d.last_error_kind
                        FROM deliveries d
                        WHERE d.destination_id = t.id AND d.last_attempt_at IS NOT NULL
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
                reader.GetBoolean(8))));
        }

        var byWebhook = destinations.ToLookup(d => d.Webhook, d => d.Destination);
        return [.. webhooks.Select(w => new WebhookRecord(w.Id, w.Name, w.Enabled, w.Settings, w.Created, w.Updated, [.. byWebhook[w.Id]]))];
    }

    public async Task<WebhookRecord?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await ListAsync(name, cancellationToken)).SingleOrDefault();

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
    /// ones updated, missing ones removed, except a destination with deliveries still pending, which is
    /// disabled instead so those deliveries are not dropped with it.
    /// </summary>
    public async Task<WebhookUpdate> UpdateAsync(string name, WebhookDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
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

        await using var remove = new NpgsqlCommand("""
            WITH missing AS (
                SELECT t.id, t.url,
                       EXISTS (SELECT 1 FROM deliveries d WHERE d.destination_id = t.id AND d.state = 'pending') AS busy
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
        remove.Parameters.AddWithValue("urls", draft.Destinations.Select(d => d.Url).ToArray());
        remove.Parameters.AddWithValue("now", now);
        var disabled = new List<string>();
        await using (var reader = await remove.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                disabled.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new WebhookUpdate(true, disabled);
    }

    public async Task<bool> SetEnabledAsync(string name, bool enabled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE webhooks SET enabled = @enabled, updated_at = @now WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("enabled", enabled);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Counts the webhook's pending deliveries; null when no webhook has that name.</summary>
    public async Task<long?> PendingDeliveriesAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM deliveries d JOIN destinations t ON t.id = d.destination_id
                    WHERE t.webhook_id = w.id AND d.state = 'pending')
            FROM webhooks w WHERE w.name = @name
            """);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    /// <summary>
    /// Deletes the webhook, its destinations and their deliveries; its requests stay (they keep the
    /// name they were sent to) until the purge. Refused (false) while a delivery is pending.
    /// </summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM webhooks w
            WHERE w.name = @name
              AND NOT EXISTS (SELECT 1 FROM deliveries d JOIN destinations t ON t.id = d.destination_id
                              WHERE t.webhook_id = w.id AND d.state = 'pending')
            """);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
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
