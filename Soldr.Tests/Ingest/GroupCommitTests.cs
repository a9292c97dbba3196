using System.Net;
using Npgsql;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Saving;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class GroupCommitTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task RequestsThatArriveWhileACommitIsUnderWay_ShareOneCommit_AndAreEachSavedOnceWithTheirOwnId()
    {
        const int Requests = 300;
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await StartAsync(database, new Dictionary<string, string?> { ["Soldr:Ingest:MaxCommitsInFlight"] = "1" });

        // The first request's commit waits for this lock, holding the only commit slot, so everything sent
        // after it can only queue. How fast this machine is changes nothing.
        await using var hold = await HeldTransaction.StartAsync(database, "LOCK TABLE requests IN SHARE MODE");
        var first = ingest.Client.PostAsync("/w/shop/orders/first", new StringContent("{}"));
        await Eventually.UntilAsync(async () => await WaitingOnLocksAsync(database) == 1, "the first commit to wait for the lock");
        var rest = Enumerable.Range(1, Requests - 1)
            .Select(i => ingest.Client.PostAsync($"/w/shop/orders/{i}", new StringContent($$"""{"n":{{i}}}""")))
            .ToArray();
        await Eventually.UntilAsync(() => ingest.Writer.Queued == Requests - 1, "every later request to queue behind the first commit");
        Assert.Equal(0, ingest.Writer.Commits);

        await hold.ReleaseAsync();
        var responses = await Task.WhenAll([first, .. rest]);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var receipts = await Task.WhenAll(responses.Select(SavedRequests.ReceiptAsync));
        Assert.All(responses.Zip(receipts), p => Assert.Equal(p.Second.ToString(), p.First.Headers.GetValues("Soldr-Request-Id").Single()));
        Assert.Equal(Requests, receipts.Distinct().Count());
        Assert.Equal(receipts.Order(), (await SavedRequests.IdsAsync(database)).Order());

        // One commit for the first request, and one for the 299 that queued behind it.
        Assert.Equal(2, ingest.Writer.Commits);
    }

    [Fact]
    public async Task WhileOneBatchWaitsForItsCommit_ALaterRequestIsCommittedAndAnswered()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await StartAsync(database);

        // Ids are chosen by ingest, so the conflict is on the webhook name instead: with this index, a row
        // for 'held' that another transaction inserted and has not committed makes any insert of 'held'
        // wait for that transaction, while inserts for other names go ahead.
        await using (var dataSource = NpgsqlDataSource.Create(database))
        await using (var index = dataSource.CreateCommand(
            "CREATE UNIQUE INDEX requests_one_held ON requests (webhook_name) WHERE webhook_name = 'held'"))
        {
            await index.ExecuteNonQueryAsync();
        }

        await using var hold = await HeldTransaction.StartAsync(database, """
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body)
            VALUES (gen_random_uuid(), 'held', now(), 'POST', '/', '[]', '\x')
            """);

        var held = ingest.Client.PostAsync("/w/held/first", new StringContent("{}"));
        await Eventually.UntilAsync(async () => await WaitingOnLocksAsync(database) > 0, "the held request's commit to wait");

        using var free = await ingest.Client.PostAsync("/w/free/second", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Accepted, free.StatusCode);
        Assert.False(held.IsCompleted, "the held request was answered before its commit could finish");
        var freeId = await SavedRequests.ReceiptAsync(free);
        Assert.Equal(new[] { freeId }, await SavedRequests.IdsAsync(database));

        await hold.ReleaseAsync();
        using var first = await held;

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(new[] { freeId, await SavedRequests.ReceiptAsync(first) }.Order(), await SavedRequests.IdsAsync(database));
    }

    [Fact]
    public async Task ABatchPostgresRefuses_IsRetriedOneByOne_SoOnlyTheRequestItCannotTakeIsAnswered503()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await StartAsync(database);
        await using var hold = await HeldTransaction.StartAsync(database, "LOCK TABLE requests IN SHARE MODE");

        // Every commit slot taken by a batch of one waiting for the lock: whatever is queued next can only
        // be taken together, as one batch, once the lock is gone.
        var early = new List<Task<SaveResult>>();
        var slots = new IngestOptions().MaxCommitsInFlight;
        for (var waiting = 1; waiting <= slots; waiting++)
        {
            early.Add(ingest.Writer.SaveAsync(SpoolTests.Request($"early-{waiting}")));
            await Eventually.UntilAsync(async () => await WaitingOnLocksAsync(database) == waiting, $"{waiting} batches to wait for the lock");
        }

        // PostgreSQL's text cannot hold a NUL character: it refuses the whole statement, not the connection.
        var before = SpoolTests.Request("before");
        var refused = SpoolTests.Request("nul\0");
        var after = SpoolTests.Request("after");
        var outcomes = new[] { before, refused, after }.Select(ingest.Writer.SaveAsync).ToArray();
        await hold.ReleaseAsync();

        Assert.All(await Task.WhenAll(early), outcome => Assert.Equal(SaveOutcome.Saved, outcome));
        Assert.Equal([SaveOutcome.Saved, SaveOutcome.Unavailable, SaveOutcome.Saved], await Task.WhenAll(outcomes));
        Assert.DoesNotContain(refused.Id, await SavedRequests.IdsAsync(database));
        Assert.Equal(slots + 2, (await SavedRequests.IdsAsync(database)).Count);
        var line = Assert.Single(ingest.Stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(UnsavedRequestJson.TryParse(line, out var kept));
        Assert.Equal(refused.Id, kept!.Id);
    }

    // The tests hold commits on purpose, for longer than a commit may take by default.
    private Task<IngestHost> StartAsync(string database, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Soldr:Ingest:CommitTimeout"] = "00:05:00";
        return IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, settings);
    }

    internal static async Task<long> WaitingOnLocksAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _spool.Dispose();
}
