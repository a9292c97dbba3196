using System.Diagnostics;
using System.Globalization;
using NpgsqlTypes;

namespace Soldr.Bench;

/// <summary>
/// Writes saved requests straight into <c>requests</c> with binary COPY, as ingest would have saved them:
/// a delivery backlog (state <c>received</c>, for the worker to route and send) or expired history for the
/// purge (<c>--age-days 40 --state routed</c>). One COPY is one transaction, so the worker sees the
/// whole backlog at the moment it commits, which is when the delivery clock starts.
/// </summary>
internal static class Seeder
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var count = args.Int("count");
        var webhook = args.Text("webhook");
        var state = args.Text("state", "received");
        var age = TimeSpan.FromDays(args.Double("age-days", 0));
        var body = Payload.Read(args);
        var headers = Headers();

        await using var dataSource = Database.Open();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow - age;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY requests (id, webhook_name, received_at, method, path, query, headers, body, source_address, state) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                // A microsecond apart, in order, like a burst that arrived just now (or 40 days ago).
                var receivedAt = start.AddTicks(i * 10L);
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
            }

            await writer.CompleteAsync(cancellationToken);
        }

        var committed = DateTime.UtcNow.Ticks;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SEED_ROWS={count}\nSEED_SECONDS={clock.Elapsed.TotalSeconds:0.0}\nSEED_COMMITTED_TICKS={committed}"));
    }

    // The same [[name, value], ...] shape ingest stores.
    private static string Headers() =>
        System.Text.Json.JsonSerializer.Serialize(Payload.Headers.Select(h => new[] { h.Name, h.Value }));
}
