using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Core.Management;
using Soldr.Core.Requests;
using Soldr.Core.Routing;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Core;

[Collection(ServersCollectionDefinition.Name)]
public sealed class QueueTests(ServersFixture servers)
{
    [Fact]
    public async Task ARequest_IsRoutedAsItIsSaved_IntoOneDeliveryPerEnabledDestination()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true), ("http://b.test/", true), ("http://off.test/", false));
        var request = await SaveAsync(dataSource, "shop");

        var claimed = await new DeliveryStore(dataSource, Policies, TimeProvider.System).ClaimDueAsync(10, TimeSpan.FromMinutes(1), [], CancellationToken.None);

        Assert.Equal("routed", await StateAsync(dataSource, request.Id));
        Assert.Equal(["http://a.test/", "http://b.test/"], claimed.Select(c => c.DestinationUrl).Order());
        Assert.All(claimed, c => Assert.Equal(request.Id, c.RequestId));
        Assert.All(claimed, c => Assert.Equal(request.Body.ToArray(), c.Body));
    }

    [Fact]
    public async Task ARequestForAnUnknownWebhook_IsSavedAsUnroutable()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var request = await SaveAsync(dataSource, "nobody-home");

        Assert.Equal("unroutable", await StateAsync(dataSource, request.Id));
        await using var deliveries = dataSource.CreateCommand("SELECT count(*) FROM deliveries");
        Assert.Equal(0L, await deliveries.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RequestsWaitingForRouting_AreRoutedByTheRouter_TheSameWay()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true), ("http://b.test/", true), ("http://off.test/", false));
        var known = await TestData.SaveRequestAsync(dataSource, "shop");
        var unknown = await TestData.SaveRequestAsync(dataSource, "nobody-home");

        var result = await new RequestRouter(dataSource, TimeProvider.System).RouteBatchAsync(10, CancellationToken.None);

        // The disabled destination's delivery is created too, held until it is enabled.
        Assert.Equal(new RoutingResult(1, 1, 3), result);
        Assert.Equal(
            [("http://a.test/", "pending"), ("http://b.test/", "pending"), ("http://off.test/", "held")],
            await TestData.RowsAsync(dataSource, "SELECT t.url, d.state FROM deliveries d JOIN destinations t ON t.id = d.destination_id ORDER BY t.url",
                r => (r.GetString(0), r.GetString(1))));
        Assert.Equal("routed", await StateAsync(dataSource, known));
        Assert.Equal("unroutable", await StateAsync(dataSource, unknown));
    }

    [Fact]
    public async Task DeliveryIds_AreVersion7_AndStartWithTheirCreationTime_WhoeverRoutes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true), ("http://b.test/", true));
        await SaveAsync(dataSource, "shop");
        await TestData.SaveRequestAsync(dataSource, "shop");
        await new RequestRouter(dataSource, TimeProvider.System).RouteBatchAsync(10, CancellationToken.None);

        var deliveries = await TestData.RowsAsync(dataSource, "SELECT id, created_at FROM deliveries",
            r => (Id: r.GetGuid(0), CreatedAt: r.GetFieldValue<DateTimeOffset>(1)));

        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(7, d.Id.Version);
            // RFC 9562: the first 48 bits are the Unix time in milliseconds.
            var milliseconds = long.Parse(d.Id.ToString("N")[..12], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(d.CreatedAt.ToUnixTimeMilliseconds(), milliseconds);
        });
    }

    [Fact]
    public async Task ConcurrentClaims_NeverHandTheSameDeliveryToTwoWorkers()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        for (var i = 0; i < 200; i++)
        {
            await SaveAsync(dataSource, "shop");
        }

        var store = new DeliveryStore(dataSource, Policies, TimeProvider.System);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            IReadOnlyList<DeliveryWork> batch;
            while ((batch = await store.ClaimDueAsync(7, TimeSpan.FromMinutes(1), [], CancellationToken.None)).Count > 0)
            {
                mine.AddRange(batch.Select(w => w.DeliveryId));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    [Fact]
    public async Task Completing_WithALostLease_RecordsTheAttempt_ButLeavesTheStateToTheNewHolder()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        await SaveAsync(dataSource, "shop");
        var store = new DeliveryStore(dataSource, Policies, TimeProvider.System);
        var work = Assert.Single(await store.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None));
        var attempt = new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(5), 200, [], [], null);

        var stale = await Record(dataSource, work with { Lease = Guid.NewGuid() }, attempt, DeliveryOutcome.Succeeded);
        var current = await Record(dataSource, work with { AttemptNumber = 2 }, attempt, DeliveryOutcome.Succeeded);

        Assert.False(stale);
        Assert.True(current);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM attempts");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnExpiredLease_IsClaimedAgain_AndTheFirstHoldersLateCompletionChangesNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        await SaveAsync(dataSource, "shop");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var store = new DeliveryStore(dataSource, Policies, clock);
        var first = Assert.Single(await store.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None));

        Assert.Empty(await store.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await store.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None));
        var late = await Record(dataSource, first, new AttemptRecord(clock.GetUtcNow(), TimeSpan.FromSeconds(61), 200, [], [], null), DeliveryOutcome.Succeeded);
        var current = await Record(dataSource, second, new AttemptRecord(clock.GetUtcNow(), TimeSpan.FromSeconds(1), 500, [], [], new AttemptError("http", "500")), DeliveryOutcome.Failed("given up"));

        Assert.Equal(first.DeliveryId, second.DeliveryId);
        Assert.Equal(2, second.AttemptNumber);
        Assert.False(late);
        Assert.True(current);
        await using var state = dataSource.CreateCommand("SELECT state FROM deliveries");
        Assert.Equal(DeliveryState.Failed, await state.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RequestDetails_ShowTheRawRequestWithItsAttempts()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        var request = await SaveAsync(dataSource, "shop");
        var store = new DeliveryStore(dataSource, Policies, TimeProvider.System);
        var work = Assert.Single(await store.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None));
        await Record(dataSource, work, new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(5), null, null, null,
            new AttemptError("connect", "Connection refused")), DeliveryOutcome.Failed("given up"));

        var details = await new RequestAdminStore(dataSource, TimeProvider.System).FindAsync(request.Id, CancellationToken.None);

        Assert.NotNull(details);
        Assert.Equal(request.Headers, details.Headers);
        Assert.Equal("/orders/7", details.Path);
        var delivery = Assert.Single(details.Deliveries);
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal("connect", Assert.Single(delivery.Attempts).ErrorKind);
        Assert.Null(await new RequestAdminStore(dataSource, TimeProvider.System).FindAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task ManyAttempts_AreRecordedInOneBatch_EachWithItsOwnOutcome()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        for (var i = 0; i < 3; i++)
        {
            await SaveAsync(dataSource, "shop");
        }

        var claimed = await new DeliveryStore(dataSource, Policies, TimeProvider.System).ClaimDueAsync(3, TimeSpan.FromMinutes(1), [], CancellationToken.None);
        var ok = new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3), 200, [], [], null);
        var refused = new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3), 500, [], [], new AttemptError("http", "500"));

        var results = await new AttemptRecorder(dataSource, TimeProvider.System).RecordManyAsync(
            [
                new(claimed[0], ok, DeliveryOutcome.Succeeded),
                new(claimed[1], refused, DeliveryOutcome.Retry(DateTimeOffset.UtcNow.AddMinutes(5))),
                new(claimed[2] with { Lease = Guid.NewGuid() }, refused, DeliveryOutcome.Failed("given up")),
            ],
            CancellationToken.None);

        Assert.Equal([true, true, false], results.Select(r => r.StillOurs));
        Assert.All(results, r => Assert.False(r.AlertOpened));
        await using var states = dataSource.CreateCommand("SELECT id, state, lease IS NULL FROM deliveries");
        var byId = new Dictionary<Guid, (string State, bool Released)>();
        await using (var reader = await states.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                byId[reader.GetGuid(0)] = (reader.GetString(1), reader.GetBoolean(2));
            }
        }

        Assert.Equal((DeliveryState.Succeeded, true), byId[claimed[0].DeliveryId]);
        Assert.Equal((DeliveryState.Pending, true), byId[claimed[1].DeliveryId]);
        Assert.Equal((DeliveryState.Pending, false), byId[claimed[2].DeliveryId]);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM attempts");
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AnAttemptRecordedAgain_AfterItsFirstCommitWentThrough_IsKeptOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        await SaveAsync(dataSource, "shop");
        var work = Assert.Single(await new DeliveryStore(dataSource, Policies, TimeProvider.System).ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None));
        var attempt = new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3), 200, [], [], null);

        // As when a batch committed but its answer was lost, and the writer records it again.
        var first = await Record(dataSource, work, attempt, DeliveryOutcome.Succeeded);
        var again = await Record(dataSource, work, attempt, DeliveryOutcome.Succeeded);

        Assert.True(first);
        Assert.False(again);
        Assert.Equal(1L, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM attempts"));
    }

    [Fact]
    public async Task AClaim_WritesEachDeliverysLeasedVersionBesideIt_InTheSamePage()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        var requests = Enumerable.Range(0, 100).Select(_ => NewRequest("shop")).ToList();
        await new RequestStore(dataSource).SaveBatchAsync(requests, CancellationToken.None);
        var before = await PagesAsync(dataSource);

        // One claim takes every delivery of several whole pages. A version that does not fit beside its
        // old one goes to another page and adds an entry to every index: the claim's cost doubles.
        var claimed = await new DeliveryStore(dataSource, Policies, TimeProvider.System).ClaimDueAsync(100, TimeSpan.FromMinutes(1), [], CancellationToken.None);

        Assert.Equal(100, claimed.Count);
        Assert.True(before.Values.Distinct().Count() > 1, "the deliveries should span several pages");
        Assert.Equal(before, await PagesAsync(dataSource));
    }

    [Fact]
    public async Task AClaimMadeOftenWhileTheQueueWasEmpty_ReadsOnlyTheDeliveriesItClaims_OnceABacklogArrives()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        await TestData.ExecuteAsync(dataSource, "ANALYZE deliveries");
        // As in the worker: the claim is prepared, and claimed again and again while nothing is due. After
        // five runs PostgreSQL may keep one plan for it, made from the statistics of an empty table.
        await using var claims = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = 10, AutoPrepareMinUsages = 1, MaxPoolSize = 1,
        }.ConnectionString);
        var store = new DeliveryStore(claims, Policies, TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(await store.ClaimDueAsync(10, TimeSpan.FromMinutes(1), [], CancellationToken.None));
        }

        await new RequestStore(dataSource).SaveBatchAsync([.. Enumerable.Range(0, 20_000).Select(_ => NewRequest("shop"))], CancellationToken.None);
        var before = await RowsReadAsync(claims);

        var claimed = await store.ClaimDueAsync(10, TimeSpan.FromMinutes(1), [], CancellationToken.None);

        var (scanned, fetched) = await RowsReadAsync(claims);
        Assert.Equal(10, claimed.Count);
        Assert.Equal(before.Scanned, scanned);
        Assert.InRange(fetched - before.Fetched, claimed.Count, 3 * claimed.Count);
    }

    [Fact]
    public async Task AClaimLeavingOutABusyDestination_FindsTheOthersDeliveries_WithoutReadingItsBacklog()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await DeclareAsync(dataSource, "busy", ("http://busy.test/", true));
        await DeclareAsync(dataSource, "other", ("http://other.test/", true));
        var requests = new RequestStore(dataSource);
        // The other destination has a history of delivered requests; the busy one's backlog is older than
        // the other's new requests, so it comes first in time order.
        await requests.SaveBatchAsync([.. Enumerable.Range(0, 20_000).Select(_ => NewRequest("other"))], CancellationToken.None);
        await TestData.ExecuteAsync(dataSource, "UPDATE deliveries SET state = 'succeeded', completed_at = now(), last_attempt_at = now()");
        await requests.SaveBatchAsync([.. Enumerable.Range(0, 20_000).Select(_ => NewRequest("busy"))], CancellationToken.None);
        await requests.SaveBatchAsync([.. Enumerable.Range(0, 5).Select(_ => NewRequest("other"))], CancellationToken.None);
        await TestData.ExecuteAsync(dataSource, "ANALYZE deliveries");
        var busy = await TestData.ScalarAsync<long>(dataSource, "SELECT id FROM destinations WHERE url = 'http://busy.test/'");
        await using var claims = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1 }.ConnectionString);
        var before = await RowsReadAsync(claims);

        var claimed = await new DeliveryStore(claims, Policies, TimeProvider.System).ClaimDueAsync(10, TimeSpan.FromMinutes(1), [busy], CancellationToken.None);

        var (scanned, fetched) = await RowsReadAsync(claims);
        Assert.Equal(5, claimed.Count);
        Assert.All(claimed, work => Assert.Equal("http://other.test/", work.DestinationUrl));
        Assert.Equal(before.Scanned, scanned);
        // A few lookups per claimed delivery (finding, locking, leasing it), not the busy backlog of 20,000.
        Assert.InRange(fetched - before.Fetched, claimed.Count, 4 * claimed.Count);
    }

    /// <summary>
    /// Rows of deliveries read so far by sequential scans and fetched through indexes. Statistics reach the
    /// shared counters when a connection goes idle, at most once a second unless told otherwise: the
    /// connection (the pool's only one) is told to, before the counters are read.
    /// </summary>
    private static async Task<(long Scanned, long Fetched)> RowsReadAsync(NpgsqlDataSource dataSource)
    {
        await TestData.ExecuteAsync(dataSource, "SELECT pg_stat_force_next_flush()");
        return (await TestData.RowsAsync(dataSource,
            "SELECT seq_tup_read, idx_tup_fetch FROM pg_stat_user_tables WHERE relname = 'deliveries'",
            r => (r.GetInt64(0), r.GetInt64(1)))).Single();
    }

    private static async Task<Dictionary<Guid, long>> PagesAsync(NpgsqlDataSource dataSource) =>
        (await TestData.RowsAsync(dataSource, "SELECT id, (ctid::text::point)[0]::bigint FROM deliveries", r => (r.GetGuid(0), r.GetInt64(1))))
            .ToDictionary(row => row.Item1, row => row.Item2);

    private static async Task<object?> StateAsync(NpgsqlDataSource dataSource, Guid requestId)
    {
        await using var state = dataSource.CreateCommand("SELECT state FROM requests WHERE id = @id");
        state.Parameters.AddWithValue("id", requestId);
        return await state.ExecuteScalarAsync();
    }

    private static readonly DeliveryPolicies Policies = new(Options.Create(new DeliveryOptions()));

    private static async Task<bool> Record(NpgsqlDataSource dataSource, DeliveryWork work, AttemptRecord attempt, DeliveryOutcome outcome) =>
        (await new AttemptRecorder(dataSource, TimeProvider.System).RecordAsync(work, attempt, outcome, CancellationToken.None)).StillOurs;

    private static async Task<IncomingRequest> SaveAsync(NpgsqlDataSource dataSource, string webhook)
    {
        var request = NewRequest(webhook);
        await new RequestStore(dataSource).SaveBatchAsync([request], CancellationToken.None);
        return request;
    }

    [Fact]
    public async Task APendingDeliveryOfADisabledWebhook_IsHeldByTheClaim_NotSent()
    {
        // Ingest saved it pending as the webhook was being disabled: the claim, not the sender, holds it.
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://a.test/", true));
        await SaveAsync(dataSource, "shop");
        var open = await SaveAsync(dataSource, "shop");
        await TestData.ExecuteAsync(dataSource, "UPDATE webhooks SET enabled = false");
        await TestData.ExecuteAsync(dataSource, "UPDATE deliveries SET state = 'held' WHERE request_id <> @id", ("id", open.Id));

        var claimed = await new DeliveryStore(dataSource, Policies, TimeProvider.System)
            .ClaimDueAsync(10, TimeSpan.FromMinutes(1), [], CancellationToken.None);

        Assert.Empty(claimed);
        Assert.Equal(
            [("held", 0, false)],
            (await TestData.RowsAsync(dataSource, "SELECT state, attempt_count, lease IS NOT NULL FROM deliveries",
                r => (r.GetString(0), r.GetInt32(1), r.GetBoolean(2)))).Distinct());
    }

    [Fact]
    public async Task AHeldDeliveryOfAnEnabledPair_IsReleased_AndOthersStayHeld()
    {
        // Saved held as its pair was being enabled: the release that came with the change could not see it.
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await DeclareAsync(dataSource, "shop", ("http://on.test/", true), ("http://off.test/", false));
        await SaveAsync(dataSource, "shop");
        await TestData.ExecuteAsync(dataSource, "UPDATE deliveries SET state = 'held'");

        var released = await DeliveryHolds.ReleaseOpenAsync(dataSource, CancellationToken.None);

        Assert.Equal(1, released);
        Assert.Equal(
            [("http://off.test/", "held"), ("http://on.test/", "pending")],
            await TestData.RowsAsync(dataSource, "SELECT t.url, d.state FROM deliveries d JOIN destinations t ON t.id = d.destination_id ORDER BY t.url",
                r => (r.GetString(0), r.GetString(1))));
    }

    private static IncomingRequest NewRequest(string webhook) => new(
        Guid.CreateVersion7(), webhook, DateTimeOffset.UtcNow, "POST", "/orders/7", "a=1",
        [new("Content-Type", "application/json"), new("X-Dup", "1"), new("X-Dup", "2")],
        "{\"n\":1}"u8.ToArray(), "203.0.113.9", null, null);

    private static async Task DeclareAsync(NpgsqlDataSource dataSource, string webhook, params (string Url, bool Enabled)[] destinations)
    {
        await using var insert = dataSource.CreateCommand("INSERT INTO webhooks (name) VALUES (@name) RETURNING id");
        insert.Parameters.AddWithValue("name", webhook);
        var id = (long)(await insert.ExecuteScalarAsync())!;
        foreach (var (url, enabled) in destinations)
        {
            await using var destination = dataSource.CreateCommand("INSERT INTO destinations (webhook_id, url, enabled) VALUES (@id, @url, @enabled)");
            destination.Parameters.AddWithValue("id", id);
            destination.Parameters.AddWithValue("url", url);
            destination.Parameters.AddWithValue("enabled", enabled);
            await destination.ExecuteNonQueryAsync();
        }
    }
}
