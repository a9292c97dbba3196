using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Soldr.Bench;

/// <summary>
/// The least any relay that keeps its queue in PostgreSQL and records each attempt must do per delivery:
/// the HttpClient loop's sends (same receiver, same concurrency), plus claiming the due rows a hundred at a
/// time in one statement and recording each batch of outcomes (the row marked done and an attempt row) in
/// another, each its own commit. The claim sets a column no index holds, on pages kept with room
/// (fill factor 40), so it is a heap-only update, as the worker's is. No headers, no destinations, no
/// retries, no leases renewed, no logging.
/// Claims run ahead of the sends and records are written behind them, as in the worker. Scenario 3
/// against this shows what the database work on the same cores leaves for the worker's own.
/// </summary>
internal static class DeliveryFloor
{
    private const int ClaimSize = 100;
    private const int MaxRecordBatch = 500;

    private const string SetupSql = """
        DROP TABLE IF EXISTS bench_floor_deliveries, bench_floor_attempts;
        CREATE TABLE bench_floor_deliveries (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            body bytea NOT NULL,
            next_attempt_at timestamptz NOT NULL,
            locked_until timestamptz,
            completed_at timestamptz) WITH (fillfactor = 40);
        CREATE INDEX bench_floor_due ON bench_floor_deliveries (next_attempt_at) WHERE completed_at IS NULL;
        CREATE TABLE bench_floor_attempts (
            delivery_id bigint NOT NULL, number int NOT NULL, status int NOT NULL, at timestamptz NOT NULL,
            PRIMARY KEY (delivery_id, number));
        """;

    private const string SeedSql = """
        INSERT INTO bench_floor_deliveries (body, next_attempt_at)
        SELECT @body, now() FROM generate_series(1, @count)
        """;

    private const string ClaimSql = """
        UPDATE bench_floor_deliveries SET locked_until = now() + interval '5 minutes'
        WHERE id IN (SELECT id FROM bench_floor_deliveries
                     WHERE completed_at IS NULL AND next_attempt_at <= now()
                       AND (locked_until IS NULL OR locked_until <= now())
                     ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED)
        RETURNING id, body
        """;

    private const string RecordSql = """
        WITH done AS (
            UPDATE bench_floor_deliveries SET completed_at = now() WHERE id = ANY(@ids) RETURNING id)
        INSERT INTO bench_floor_attempts (delivery_id, number, status, at)
        SELECT id, 1, 200, now() FROM done
        """;

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var (url, count, concurrency, warmup, body) = SendArguments.Parse(args);
        await using var dataSource = Database.Open();
        using var http = Clients.Create();
        await Database.ExecuteAsync(dataSource, SetupSql, cancellationToken);

        async Task<(double Seconds, double CpuSeconds)> DrainAsync(int deliveries, bool timed)
        {
            await using (var seed = dataSource.CreateCommand(SeedSql))
            {
                seed.Parameters.AddWithValue("body", body);
                seed.Parameters.AddWithValue("count", deliveries);
                await seed.ExecuteNonQueryAsync(cancellationToken);
            }

            if (timed)
            {
                // The script counts the stack's CPU from here.
                Console.WriteLine("FLOOR_CLOCK_STARTED");
            }

            return await DrainPipeline.RunAsync<long, long>(
                ClaimSize * 2,
                concurrency,
                deliveries,
                claimed => ClaimAsync(dataSource, claimed, deliveries, cancellationToken),
                (claimed, sent) => SendAsync(http, url, body, claimed, sent, cancellationToken),
                sent => RecordAsync(dataSource, sent, cancellationToken));
        }

        await DrainAsync(warmup, timed: false);
        var (seconds, cpuSeconds) = await DrainAsync(count, timed: true);
        await Database.ExecuteAsync(dataSource, "DROP TABLE bench_floor_deliveries, bench_floor_attempts", cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FLOOR_DELIVERED={count}\nFLOOR_SECONDS={seconds:0.00}\nFLOOR_RATE={count / seconds:0}\nFLOOR_CPU_SECONDS={cpuSeconds:0.00}"));
    }

    private static async Task ClaimAsync(NpgsqlDataSource dataSource, ChannelWriter<long> claimed, int deliveries, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < deliveries)
        {
            await using var claim = dataSource.CreateCommand(ClaimSql);
            claim.Parameters.AddWithValue("limit", ClaimSize);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // The body is read as a relay would read it, though every row carries the same one.
                _ = reader.GetFieldValue<byte[]>(1);
                await claimed.WriteAsync(reader.GetInt64(0), cancellationToken);
                total++;
            }
        }

        claimed.Complete();
    }

    private static async Task SendAsync(
        HttpClient http, Uri url, byte[] body, ChannelReader<long> claimed, ChannelWriter<long> sent, CancellationToken cancellationToken)
    {
        await foreach (var id in claimed.ReadAllAsync(cancellationToken))
        {
            using var request = Clients.Post(url, body);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            sent.TryWrite(id);
        }
    }

    private static async Task<int> RecordAsync(NpgsqlDataSource dataSource, ChannelReader<long> sent, CancellationToken cancellationToken)
    {
        var recorded = 0;
        await foreach (var ids in sent.ReadBatchesAsync(MaxRecordBatch, cancellationToken))
        {
            await using var record = dataSource.CreateCommand(RecordSql);
            record.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint, ids.ToArray());
            recorded += await record.ExecuteNonQueryAsync(cancellationToken);
        }

        return recorded;
    }
}
