using System.Net;
using Npgsql;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class GroupCommitTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task ManyConcurrentRequests_AreEachSavedOnceWithTheirOwnId_InFewerCommitsThanRequests()
    {
        const int Requests = 300;
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);

        // Holding a lock that inserts wait for makes the first commit wait while the rest arrive, so the
        // grouping shows without depending on how fast this machine is.
        await using var blocker = new NpgsqlConnection(database);
        await blocker.OpenAsync();
        var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE requests IN SHARE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var sends = Enumerable.Range(0, Requests)
            .Select(i => ingest.Client.PostAsync($"/w/shop/orders/{i}", new StringContent($$"""{"n":{{i}}}""")))
            .ToArray();
        await Eventually.UntilAsync(async () => await WaitingOnLocksAsync(database) > 0, "the first commit to wait for the lock");
        await hold.RollbackAsync();
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var receipts = await Task.WhenAll(responses.Select(SavedRequests.ReceiptAsync));
        Assert.All(responses.Zip(receipts), p => Assert.Equal(p.Second.ToString(), p.First.Headers.GetValues("Soldr-Request-Id").Single()));
        Assert.Equal(Requests, receipts.Distinct().Count());
        Assert.Equal(receipts.Order(), (await SavedRequests.IdsAsync(database)).Order());
        Assert.InRange(ingest.Writer.Commits, 1, Requests - 1);
    }

    private static async Task<long> WaitingOnLocksAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _spool.Dispose();
}
