using System.Text.Json;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Core;

/// <summary>
/// How much of the queue a claim reads, from PostgreSQL's own count of the rows each step of its plan read.
/// A backlog saved faster than autovacuum analyzes the table leaves statistics that say the queue is empty;
/// the claims must not then read the backlog to find the few rows they take.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class ClaimPlanTests(ServersFixture servers)
{
    private const int Backlog = 20_000;

    [Fact]
    public async Task TheClaimBesideAFullLine_ReadsOnlyWhatItTakes_ThoughTheStatisticsPredateTheBacklog()
    {
        await using var dataSource = await QueueWithAnUnanalyzedBacklogAsync();
        var busy = await TestData.ScalarAsync<long>(dataSource, "SELECT id FROM destinations WHERE url = 'http://backlog.test/'");

        var (claimed, read, where) = await ExplainAsync(dataSource, DeliveryStore.ClaimOutsideBusySql, [busy]);

        Assert.Equal(3, claimed);
        Assert.True(read < 100, $"the claim read {read} rows of deliveries to take 3 ({where})");
    }

    [Fact]
    public async Task TheSequentialClaim_ReadsTheLineAFewTimesAtMost_ThoughTheStatisticsPredateIt()
    {
        await using var dataSource = await QueueWithAnUnanalyzedBacklogAsync(sequential: true);

        var (claimed, read, where) = await ExplainAsync(dataSource, DeliveryStore.ClaimSequentialSql, []);

        // Finding the head reads the line, here twice (its deliveries all fell due at one moment, so their order
        // is by request id); looking for the heads once per pending delivery read 400 million rows.
        Assert.Equal(1, claimed);
        Assert.True(read < 3 * Backlog, $"the claim read {read} rows of deliveries to take the head of a line of {Backlog} ({where})");
    }

    /// <summary>
    /// A destination with <see cref="Backlog"/> pending deliveries saved after the table was last analyzed (when
    /// it held a tenth as many, all finished), and another destination with three.
    /// </summary>
    private async Task<NpgsqlDataSource> QueueWithAnUnanalyzedBacklogAsync(bool sequential = false)
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await TestData.DeclareAsync(dataSource, "backlog", "{}", ("http://backlog.test/", sequential ? """{"ordering":"sequential"}""" : "{}"));
        await TestData.DeclareAsync(dataSource, "other", "{}", ("http://other.test/", "{}"));
        await SaveAsync(dataSource, "backlog", Backlog / 10, "succeeded");
        await TestData.ExecuteAsync(dataSource, "ANALYZE requests, deliveries");
        await SaveAsync(dataSource, "backlog", Backlog, "pending");
        await SaveAsync(dataSource, "other", 3, "pending");
        return dataSource;
    }

    private static async Task SaveAsync(NpgsqlDataSource dataSource, string webhook, int count, string state)
    {
        await TestData.ExecuteAsync(dataSource, """
            WITH r AS (
                INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body, state, webhook_id)
                SELECT gen_random_uuid(), w.name, now(), 'POST', '/', '[]', '\x7b7d', 'routed', w.id
                FROM webhooks w CROSS JOIN generate_series(1, @count)
                WHERE w.name = @webhook
                RETURNING id, webhook_id
            )
            INSERT INTO deliveries (id, request_id, destination_id, state, next_attempt_at, created_at, completed_at)
            SELECT gen_random_uuid(), r.id, t.id, @state, now() - interval '1 second', now(), CASE WHEN @state <> 'pending' THEN now() END
            FROM r JOIN destinations t ON t.webhook_id = r.webhook_id
            """, ("webhook", webhook), ("count", count), ("state", state));
    }

    /// <summary>
    /// Runs the claim under EXPLAIN ANALYZE, rolled back: the rows it took, the rows of deliveries its plan read,
    /// and where (for a failure's message).
    /// </summary>
    private static async Task<(long Claimed, long Read, string Where)> ExplainAsync(NpgsqlDataSource dataSource, string claim, long[] busy)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, FORMAT JSON) {claim}", connection, transaction);
        DeliveryStore.AddClaimParameters(command.Parameters, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), Guid.NewGuid(), 100, busy);
        using var plan = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
        var root = plan.RootElement[0].GetProperty("Plan");
        await transaction.RollbackAsync();
        var reads = new List<(string Step, long Rows)>();
        CollectReads(root, reads);
        // The update's own rows are those it returned: the deliveries claimed.
        return ((long)root.GetProperty("Actual Rows").GetDouble(), reads.Sum(r => r.Rows), string.Join("; ", reads.Select(r => $"{r.Step}: {r.Rows}")));
    }

    // Rows and the rows a filter removed are given per loop: times the loops, they are what the step read.
    private static void CollectReads(JsonElement node, List<(string Step, long Rows)> reads)
    {
        if (node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "deliveries"
            && node.GetProperty("Node Type").GetString() != "ModifyTable")
        {
            var loops = node.GetProperty("Actual Loops").GetDouble();
            var removed = node.TryGetProperty("Rows Removed by Filter", out var r) ? r.GetDouble() : 0;
            var step = node.TryGetProperty("Index Name", out var index) ? $"{node.GetProperty("Node Type").GetString()} {index.GetString()}" : node.GetProperty("Node Type").GetString()!;
            reads.Add((step, (long)((node.GetProperty("Actual Rows").GetDouble() + removed) * loops)));
        }

        if (node.TryGetProperty("Plans", out var plans))
        {
            foreach (var child in plans.EnumerateArray())
            {
                CollectReads(child, reads);
            }
        }
    }
}
