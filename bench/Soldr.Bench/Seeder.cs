using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Soldr.Bench;

/// <summary>
/// Writes saved requests straight into <c>requests</c> with binary COPY, as ingest saves them: routed, with
/// one pending delivery per enabled destination of their webhook (a delivery backlog), or expired history
/// for the purge (<c>--age-days 40 --deliveries delivered</c>: delivered long ago, each delivery with its
/// attempt). <c>--state received</c> leaves
/// them for the worker's router instead. Everything is one transaction, so the worker sees the whole
/// backlog at the moment it commits, which is when the delivery clock starts.
/// </summary>
internal static class Seeder
{
    // A microsecond apart, in order, like a burst that arrived just now (or 40 days ago); the deliveries
    // find this run's requests by the range that spacing gives them.
    private static readonly TimeSpan Spacing = TimeSpan.FromMicroseconds(1);

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var count = args.Int("count");
        var webhook = args.Text("webhook");
        var state = args.Text("state", "routed");
        var deliveries = args.Text("deliveries", "pending");
        if (deliveries is not ("pending" or "delivered"))
        {
            throw new ArgumentException("--deliveries is pending or delivered");
        }

        var age = TimeSpan.FromDays(args.Double("age-days", 0));
        var body = Payload.Read(args);
        var headers = Headers();

        await using var dataSource = Database.Open();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long? webhookId;
        await using (var find = new NpgsqlCommand("SELECT id FROM webhooks WHERE name = @webhook", connection, transaction))
        {
            find.Parameters.AddWithValue("webhook", webhook);
            webhookId = (long?)await find.ExecuteScalarAsync(cancellationToken);
        }

        var start = DateTimeOffset.UtcNow - age;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY requests (id, webhook_name, received_at, method, path, query, headers, body, source_address, state, webhook_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                var receivedAt = start + (i * Spacing);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(Guid.CreateVersion7(receivedAt), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(webhook, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(receivedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync("POST", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync("/events", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(string.Empty, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(headers, NpgsqlDbType.Jsonb, cancellationToken);
                await writer.WriteAsync(body, NpgsqlDbType.Bytea, cancellationToken);
                await writer.WriteAsync("203.0.113.7", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(state, NpgsqlDbType.Text, cancellationToken);
                if (state == "routed" && webhookId is { } id)
                {
                    await writer.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        if (state == "routed")
        {
            // A million deliveries with their attempts take longer than the default 30 s.
            await using var route = new NpgsqlCommand(deliveries == "delivered" ? DeliveredSql : PendingSql, connection, transaction) { CommandTimeout = 0 };
            route.Parameters.AddWithValue("webhook", webhook);
            route.Parameters.AddWithValue("start", start);
            route.Parameters.AddWithValue("end", start + (count * Spacing));
            await route.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        var committed = DateTime.UtcNow.Ticks;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SEED_ROWS={count}\nSEED_SECONDS={clock.Elapsed.TotalSeconds:0.0}\nSEED_COMMITTED_TICKS={committed}"));
    }

    // Both bounded to this run's rows: an older backlog of the same webhook already has its deliveries.
    private const string PendingSql = """
        INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at)
        SELECT uuid_v7(now()), r.id, d.id, now(), now()
        FROM requests r JOIN destinations d ON d.webhook_id = r.webhook_id AND d.enabled
        WHERE r.webhook_name = @webhook AND r.received_at >= @start AND r.received_at < @end
        """;

    // History as the worker leaves it: each delivery succeeded at its first attempt, which is recorded.
    private const string DeliveredSql = """
        WITH delivered AS (
            INSERT INTO deliveries (id, request_id, destination_id, state, attempt_count, next_attempt_at, created_at,
                                    completed_at, last_attempt_at, last_status_code)
            SELECT uuid_v7(r.received_at), r.id, d.id, 'succeeded', 1, r.received_at, r.received_at,
                   r.received_at + interval '12 ms', r.received_at + interval '4 ms', 200
            FROM requests r JOIN destinations d ON d.webhook_id = r.webhook_id AND d.enabled
            WHERE r.webhook_name = @webhook AND r.received_at >= @start AND r.received_at < @end
            RETURNING id, last_attempt_at)
        INSERT INTO attempts (delivery_id, number, started_at, duration_ms, status_code, response_headers, response_body)
        SELECT id, 1, last_attempt_at, 8.0, 200, '[["Content-Type","text/plain"],["Content-Length","2"]]'::jsonb, 'ok'::bytea
        FROM delivered
        """;

    // The same [[name, value], ...] shape ingest stores.
    private static string Headers() =>
        System.Text.Json.JsonSerializer.Serialize(Payload.Headers.Select(h => new[] { h.Name, h.Value }));
}
