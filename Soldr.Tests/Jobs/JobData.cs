using Npgsql;
using NpgsqlTypes;

namespace Soldr.Tests.Jobs;

/// <summary>Rows written straight into the schema, at the times a test needs.</summary>
internal static class JobData
{
    public static async Task<long> WebhookAsync(NpgsqlDataSource dataSource, string name, int? retentionDays = null)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO webhooks (name, settings) VALUES (@name, @settings) RETURNING id");
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("settings", NpgsqlDbType.Jsonb, retentionDays is { } days ? $$"""{"retentionDays":{{days}}}""" : "{}");
        var webhookId = (long)(await command.ExecuteScalarAsync())!;
        await using var destination = dataSource.CreateCommand("INSERT INTO destinations (webhook_id, url) VALUES (@id, @url) RETURNING id");
        destination.Parameters.AddWithValue("id", webhookId);
        destination.Parameters.AddWithValue("url", $"http://{name}.test/");
        return (long)(await destination.ExecuteScalarAsync())!;
    }

    public static async Task<Guid> RequestAsync(NpgsqlDataSource dataSource, string webhook, DateTimeOffset receivedAt, string state = "routed")
    {
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body, state)
            VALUES (@id, @webhook, @received, 'POST', '/', '[]', '\x'::bytea, @state)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("webhook", webhook);
        command.Parameters.AddWithValue("received", receivedAt);
        command.Parameters.AddWithValue("state", state);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    public static async Task<Guid> DeliveryAsync(NpgsqlDataSource dataSource, Guid requestId, long destinationId, string state, DateTimeOffset? completedAt = null)
    {
        var id = Guid.CreateVersion7();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO deliveries (id, request_id, destination_id, state, next_attempt_at, created_at, completed_at)
            VALUES (@id, @request, @destination, @state, now(), now(), @completed)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("request", requestId);
        command.Parameters.AddWithValue("destination", destinationId);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("completed", (object?)completedAt ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    public static async Task AttemptAsync(NpgsqlDataSource dataSource, Guid deliveryId, int number, DateTimeOffset startedAt)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO attempts (delivery_id, number, started_at, duration_ms, status_code)
            VALUES (@delivery, @number, @started, 5, 500)
            """);
        command.Parameters.AddWithValue("delivery", deliveryId);
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("started", startedAt);
        await command.ExecuteNonQueryAsync();
    }
}
