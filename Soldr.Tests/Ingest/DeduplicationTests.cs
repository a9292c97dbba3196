using System.Net;
using Npgsql;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>A repeat of an event is answered like the first, kept as a duplicate, and never delivered again.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class DeduplicationTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();
    private readonly TempFolder _otherSpool = new();

    [Fact]
    public async Task ARepeatWithinTheWindow_IsAnsweredExactlyLikeTheFirst_SavedAsADuplicate_AndNotDelivered()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, ByHeader(responseStatus: 200));
        using var metrics = new IngestMetricsProbe(ingest);

        using var first = await SendAsync(ingest, "delivery-1");
        using var repeat = await SendAsync(ingest, "delivery-1");
        using var other = await SendAsync(ingest, "delivery-2");
        using var keyless = await SendAsync(ingest, null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var firstId = await SavedRequests.ReceiptAsync(first);
        Assert.Equal(firstId, await SavedRequests.ReceiptAsync(repeat));
        Assert.Equal(firstId.ToString(), repeat.Headers.GetValues("Soldr-Request-Id").Single());
        Assert.NotEqual(firstId, await SavedRequests.ReceiptAsync(other));
        Assert.NotEqual(firstId, await SavedRequests.ReceiptAsync(keyless));

        await using var dataSource = NpgsqlDataSource.Create(database);
        Assert.Equal(4, (await SavedRequests.IdsAsync(database)).Count);
        var duplicate = Assert.Single(await TestData.RowsAsync(
            dataSource, "SELECT duplicate_of, dedup_key FROM requests WHERE state = 'duplicate'", r => (r.GetGuid(0), r.GetString(1))));
        Assert.Equal((firstId, "delivery-1"), duplicate);
        Assert.Equal(3, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries"));
        Assert.Equal(1, metrics.Total("soldr.ingest.duplicates"));
    }

    [Fact]
    public async Task IdenticalRequestsRacingThroughTwoIngestReplicas_AreOneDelivery_AndAllAnsweredWithTheFirstId()
    {
        const int PerReplica = 40;
        var database = await servers.CreateDatabaseAsync();
        await using var one = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, ByHeader());
        await using var two = await IngestHost.StartAsync(database, servers.RedisConnectionString, _otherSpool.Path, ByHeader());

        // Commits of both replicas wait on this lock, so their batches claim the key at the same moment.
        await using (var hold = await HeldTransaction.StartAsync(database, "LOCK TABLE request_keys IN SHARE MODE"))
        {
            var sends = Enumerable.Range(0, PerReplica).SelectMany(_ => new[] { SendAsync(one, "race"), SendAsync(two, "race") }).ToArray();
            await Eventually.UntilAsync(
                async () => await GroupCommitTests.WaitingOnLocksAsync(database) >= 2, "a commit of each replica to wait for the key");
            await hold.ReleaseAsync();
            var responses = await Task.WhenAll(sends);

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            var answered = (await Task.WhenAll(responses.Select(SavedRequests.ReceiptAsync))).Distinct().ToList();
            var first = Assert.Single(answered);
            await using var dataSource = NpgsqlDataSource.Create(database);
            Assert.Equal(2 * PerReplica, (await SavedRequests.IdsAsync(database)).Count);
            Assert.Equal(
                [first],
                await TestData.RowsAsync(dataSource, "SELECT id FROM requests WHERE state <> 'duplicate'", r => r.GetGuid(0)));
            Assert.Equal(
                [first],
                await TestData.RowsAsync(dataSource, "SELECT request_id FROM deliveries", r => r.GetGuid(0)));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task RepeatsTakenWhilePostgresWasDown_AreRecognisedWhenTheSpoolDrains_AndDeliveredOnce()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var gate = new TcpGate(IngestHost.PortOf(database));
        await using var ingest = await IngestHost.StartAsync(IngestHost.Through(gate, database), servers.RedisConnectionString, _spool.Path, ByHeader());
        using var metrics = new IngestMetricsProbe(ingest);
        using var before = await SendAsync(ingest, "outage");

        gate.Shut();
        using var spooledRepeat = await SendAsync(ingest, "outage");
        using var spooledNew = await SendAsync(ingest, "only-in-spool");
        using var spooledNewRepeat = await SendAsync(ingest, "only-in-spool");
        gate.Open();
        await Eventually.UntilAsync(() => ingest.Spool.PendingCount == 0, "the spool to drain");

        // While PostgreSQL was away nobody could look the key up: the repeats got their own ids.
        var beforeId = await SavedRequests.ReceiptAsync(before);
        var repeatId = await SavedRequests.ReceiptAsync(spooledRepeat);
        var newId = await SavedRequests.ReceiptAsync(spooledNew);
        var newRepeatId = await SavedRequests.ReceiptAsync(spooledNewRepeat);
        Assert.NotEqual(beforeId, repeatId);
        await using var dataSource = NpgsqlDataSource.Create(database);
        Assert.Equal(
            [(repeatId, beforeId), (newRepeatId, newId)],
            await TestData.RowsAsync(
                dataSource, "SELECT id, duplicate_of FROM requests WHERE state = 'duplicate' ORDER BY received_at", r => (r.GetGuid(0), r.GetGuid(1))));
        Assert.Equal(
            new[] { beforeId, newId }.Order(),
            (await TestData.RowsAsync(dataSource, "SELECT request_id FROM deliveries", r => r.GetGuid(0))).Order());
        // Counted when the drain recognised them, as they would have been at once.
        Assert.Equal(2, metrics.Total("soldr.ingest.duplicates"));
    }

    public void Dispose()
    {
        _spool.Dispose();
        _otherSpool.Dispose();
    }

    private static Dictionary<string, string?> ByHeader(int? responseStatus = null) => new()
    {
        ["Soldr:Webhooks:github:Deduplication:Header"] = "X-GitHub-Delivery",
        ["Soldr:Webhooks:github:ResponseStatus"] = responseStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Soldr:Webhooks:github:Destinations:0:Url"] = "http://127.0.0.1:9/",
    };

    private static async Task<HttpResponseMessage> SendAsync(IngestHost ingest, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/github/") { Content = new StringContent("""{"action":"opened"}""") };
        if (key is not null)
        {
            request.Headers.Add("X-GitHub-Delivery", key);
        }

        return await ingest.Client.SendAsync(request);
    }
}
