using System.Net;
using Npgsql;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class FrozenPostgresTests(ServersFixture servers) : IDisposable
{
    private const int Requests = 12;
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task WhilePostgresHoldsEveryAnswer_SendersAreAnsweredFromTheSpool_AndEachRequestLandsInPostgresOnceWithOneDelivery()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var gate = new TcpGate(IngestHost.PortOf(database));
        // No command timeout of the driver's own: only ingest's commit timeout can end a wait on the frozen server.
        var throughGate = new NpgsqlConnectionStringBuilder(IngestHost.Through(gate, database)) { CommandTimeout = 0 }.ConnectionString;
        await using var ingest = await IngestHost.StartAsync(throughGate, servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?>
            {
                ["Soldr:Ingest:CommitTimeout"] = "00:00:01",
                ["Soldr:Webhooks:shop:Destinations:0:Url"] = "http://127.0.0.1:9/",
            });

        // A commit before the freeze, so that the next ones go out on connections already open.
        using (var before = await ingest.Client.PostAsync("/w/shop/before", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        gate.Hold();
        var sends = Enumerable.Range(0, Requests)
            .Select(i => ingest.Client.PostAsync($"/w/shop/orders/{i}", new StringContent($$"""{"n":{{i}}}""")))
            .ToArray();
        var answers = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromMinutes(1));

        // Answered while PostgreSQL still had not said a word: from the spool.
        Assert.True(gate.IsHolding);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var receipts = await Task.WhenAll(answers.Select(SavedRequests.ReceiptAsync));
        Assert.Equal(Requests, ingest.Spool.PendingCount);
        Assert.Empty((await SavedRequests.IdsAsync(database)).Intersect(receipts));

        // The drainer's probes time out too, rather than waiting on the frozen server for ever: it keeps
        // coming back to find PostgreSQL still away.
        var waiting = ingest.Drainer.PassesWaiting;
        await Eventually.UntilAsync(() => ingest.Drainer.PassesWaiting >= waiting + 2, "the drainer's probes to time out, twice");
        Assert.True(gate.IsHolding);
        Assert.Equal(Requests, ingest.Spool.PendingCount);

        gate.Open();
        await Eventually.UntilAsync(() => ingest.Spool.PendingCount == 0, "the spool to drain once PostgreSQL answers");

        // What the held connections carried is passed on now too: the commits that timed out may land
        // after the drain, or before it. Either way each request is there once, with one delivery.
        using var after = await ingest.Client.PostAsync("/w/shop/after", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        await Eventually.UntilAsync(async () => await LateStatementsDoneAsync(database), "the held statements to finish");
        var saved = await SavedRequests.IdsAsync(database);
        Assert.Subset(saved.ToHashSet(), receipts.ToHashSet());
        Assert.Equal(Requests + 2, saved.Count);
        Assert.Equal(saved.Count, saved.Distinct().Count());
        Assert.Equal(saved.Order(), await DeliveredRequestsAsync(database));
    }

    private static async Task<IReadOnlyList<Guid>> DeliveredRequestsAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT request_id FROM deliveries ORDER BY request_id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    // No statement of ingest's is still running or waiting for a lock in this database.
    private static async Task<bool> LateStatementsDoneAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()",
            connection);
        return (long)(await command.ExecuteScalarAsync())! == 0;
    }

    public void Dispose() => _spool.Dispose();
}
