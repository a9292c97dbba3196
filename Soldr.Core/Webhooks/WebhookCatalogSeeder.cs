using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Signing;

namespace Soldr.Core.Webhooks;

/// <summary>
/// Upserts the webhooks declared in configuration. It adds and updates but never deletes: a
/// destination removed from configuration may still have deliveries in flight, and webhooks managed
/// through the API must survive a restart. A destination that turns signing on without giving a secret
/// keeps the one stored (generated the first time, or rotated through the API since).
/// </summary>
public sealed class WebhookCatalogSeeder(NpgsqlDataSource dataSource, IOptions<WebhookCatalogOptions> options, ILogger<WebhookCatalogSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Webhooks.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (rawName, webhook) in options.Value.Webhooks)
        {
            var name = rawName.ToLowerInvariant();
            await using var upsertWebhook = new NpgsqlCommand("""
                INSERT INTO webhooks (name, enabled, settings) VALUES (@name, @enabled, @settings)
                ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings, updated_at = now()
                RETURNING id
                """, connection, transaction);
            upsertWebhook.Parameters.AddWithValue("name", name);
            upsertWebhook.Parameters.AddWithValue("enabled", webhook.Enabled);
            upsertWebhook.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, SettingsJson.Serialize(webhook.ToSettings()));
            var webhookId = (long)(await upsertWebhook.ExecuteScalarAsync(cancellationToken))!;

            foreach (var destination in webhook.Destinations)
            {
                var settings = destination.ToSettings();
                if (settings.Signing is { Enabled: true, Secret: null } signing)
                {
                    await KeepStoredSigningAsync(connection, transaction, webhookId, destination.Url!, signing, cancellationToken);
                }

                await using var upsertDestination = new NpgsqlCommand("""
                    INSERT INTO destinations (webhook_id, url, enabled, settings) VALUES (@webhook, @url, @enabled, @settings)
                    ON CONFLICT (webhook_id, url) DO UPDATE SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings, updated_at = now()
                    """, connection, transaction);
                upsertDestination.Parameters.AddWithValue("webhook", webhookId);
                upsertDestination.Parameters.AddWithValue("url", destination.Url!);
                upsertDestination.Parameters.AddWithValue("enabled", destination.Enabled);
                upsertDestination.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, SettingsJson.Serialize(settings));
                await upsertDestination.ExecuteNonQueryAsync(cancellationToken);
            }

            await DeliveryHolds.ApplyAsync(connection, transaction, webhookId, cancellationToken);
            Log.WebhookDeclared(logger, name, webhook.Destinations.Count);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task KeepStoredSigningAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long webhookId, string url, SigningSettings signing,
        CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            "SELECT settings::text FROM destinations WHERE webhook_id = @webhook AND url = @url", connection, transaction);
        read.Parameters.AddWithValue("webhook", webhookId);
        read.Parameters.AddWithValue("url", url);
        var stored = await read.ExecuteScalarAsync(cancellationToken) is string json
            ? SettingsJson.Deserialize<DestinationSettings>(json).Signing
            : null;
        signing.Secret = stored?.Secret ?? StandardWebhookSecret.Generate();
        signing.PreviousSecret = stored?.PreviousSecret;
        signing.PreviousExpiresAt = stored?.PreviousExpiresAt;
    }
}
