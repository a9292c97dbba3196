using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Soldr.Bench;

/// <summary>
/// The least any ingest that answers only after a durable commit to PostgreSQL must do: read the body,
/// insert it with an id and a time into a table with one index, commit, answer 202. No routing, no
/// headers, no logging, no metrics. Commits are grouped as ingest groups them: one loop takes whatever
/// has queued (up to 512), writes it as one multi-row INSERT, and keeps up to four such commits in flight.
/// Scenario 2 against this shows what PostgreSQL on the same cores leaves for ingest's own work.
/// </summary>
internal static class DurableFloor
{
    private const int MaxBatch = 512;
    private const int MaxInFlight = 4;

    private const string InsertSql = """
        INSERT INTO bench_floor (id, received_at, body)
        SELECT * FROM unnest(@ids, @received, @bodies)
        """;

    public static async Task RunAsync(int port, CancellationToken cancellationToken)
    {
        await using var dataSource = Database.Open();
        await Database.ExecuteAsync(dataSource, """
            DROP TABLE IF EXISTS bench_floor;
            CREATE TABLE bench_floor (id uuid PRIMARY KEY, received_at timestamptz NOT NULL, body bytea NOT NULL);
            """, cancellationToken);

        var queue = Channel.CreateUnbounded<(byte[] Body, TaskCompletionSource Saved)>(
            new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
        await using var app = Hosting.Create(port);
        app.Run(async context =>
        {
            var body = await RequestBody.ReadAllAsync(context.Request.BodyReader, context.RequestAborted);
            var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Writer.TryWrite((body, saved));
            await saved.Task;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });

        var writer = WriteAsync(queue.Reader, dataSource);
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"durable floor listening on {port}");
        await CeilingServer.WaitAsync(cancellationToken);
        await app.StopAsync(CancellationToken.None);
        queue.Writer.TryComplete();
        await writer;
        await Database.ExecuteAsync(dataSource, "DROP TABLE bench_floor", CancellationToken.None);
    }

    private static async Task WriteAsync(
        ChannelReader<(byte[] Body, TaskCompletionSource Saved)> reader, NpgsqlDataSource dataSource)
    {
        var inFlight = new List<Task>(MaxInFlight);
        while (await reader.WaitToReadAsync())
        {
            inFlight.RemoveAll(write => write.IsCompleted);
            if (inFlight.Count == MaxInFlight)
            {
                inFlight.Remove(await Task.WhenAny(inFlight));
            }

            var batch = new List<(byte[] Body, TaskCompletionSource Saved)>();
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            inFlight.Add(Task.Run(() => CommitAsync(batch, dataSource)));
        }

        await Task.WhenAll(inFlight);
    }

    private static async Task CommitAsync(List<(byte[] Body, TaskCompletionSource Saved)> batch, NpgsqlDataSource dataSource)
    {
        var now = DateTimeOffset.UtcNow;
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, batch.ConvertAll(_ => Guid.CreateVersion7(now)).ToArray());
        command.Parameters.AddWithValue("received", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, batch.ConvertAll(_ => now).ToArray());
        command.Parameters.AddWithValue("bodies", NpgsqlDbType.Array | NpgsqlDbType.Bytea, batch.ConvertAll(p => p.Body).ToArray());
        try
        {
            await command.ExecuteNonQueryAsync();
            batch.ForEach(p => p.Saved.SetResult());
        }
        catch (Exception ex)
        {
            batch.ForEach(p => p.Saved.SetException(ex));
        }
    }
}
