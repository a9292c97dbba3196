using Npgsql;
using Soldr.Core.Database;
using Soldr.Core.Jobs;
using Soldr.Core.Requests;
using Soldr.Tests.Infrastructure;
using Soldr.Tests.Ingest;

namespace Soldr.Tests.Jobs;

/// <summary>Requests and what hangs off them live in one partition per UTC day, and the purge drops whole expired days.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class DayPartitionTests(ServersFixture servers)
{
    private static readonly RetentionOptions Defaults = new();
    private const double NoPauses = 1.0;

    [Fact]
    public async Task AWholeExpiredDay_IsDroppedWithItsDeliveriesAttemptsAndRevisions_ButADayWithWorkInFlightIsKept()
    {
        var now = DateTimeOffset.UtcNow;
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var shop = await JobData.WebhookAsync(dataSource, "shop");
        var expired = now.AddDays(-40);
        var inFlight = now.AddDays(-41);
        await EnsureDaysAsync(dataSource, inFlight, expired);

        var delivered = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var request = await JobData.RequestAsync(dataSource, "shop", expired.AddMinutes(i));
            var delivery = await JobData.DeliveryAsync(dataSource, request, shop, "succeeded", expired.AddMinutes(i));
            await JobData.AttemptAsync(dataSource, delivery, 1, expired.AddMinutes(i));
            delivered.Add(request);
        }

        await TestData.ExecuteAsync(dataSource, """
            INSERT INTO request_revisions (request_id, number, created_at, method, headers, body, delivery_id)
            SELECT request_id, 1, now(), 'POST', '[]', '\x'::bytea, id FROM deliveries
            """);
        var pending = await JobData.RequestAsync(dataSource, "shop", inFlight);
        await JobData.DeliveryAsync(dataSource, pending, shop, "pending");
        var recent = await JobData.RequestAsync(dataSource, "shop", now.AddDays(-1));
        Assert.Equal(3, await TestData.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM requests_{Suffix(expired)}"));

        var result = await new PurgeStore(dataSource, TimeProvider.System).PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);

        Assert.Equal((3, 1, 1), (result.Requests, result.DaysDropped, result.DaysKept));
        Assert.Equal(0, result.Batches);
        Assert.Equal(new[] { pending, recent }.Order(), (await TestData.RowsAsync(dataSource, "SELECT id FROM requests", r => r.GetGuid(0))).Order());
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM attempts"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM request_revisions"));
        foreach (var table in (string[])["requests", "deliveries", "attempts", "request_revisions"])
        {
            Assert.False(await TestData.ScalarAsync<bool>(dataSource, $"SELECT to_regclass('{table}_{Suffix(expired)}') IS NOT NULL"));
            Assert.True(await TestData.ScalarAsync<bool>(dataSource, $"SELECT to_regclass('{table}_{Suffix(inFlight)}') IS NOT NULL"));
        }
    }

    [Fact]
    public async Task ADayWhoseLockIsHeld_IsKeptAndDroppedOnALaterRun_WithoutWaitingForTheLock()
    {
        var now = DateTimeOffset.UtcNow;
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await JobData.WebhookAsync(dataSource, "shop");
        var expired = now.AddDays(-40);
        await EnsureDaysAsync(dataSource, expired, expired);
        await JobData.RequestAsync(dataSource, "shop", expired);
        var store = new PurgeStore(dataSource, TimeProvider.System);

        PurgeResult whileHeld;
        await using (var hold = await HeldTransaction.StartAsync(connectionString, "LOCK TABLE deliveries IN ROW EXCLUSIVE MODE"))
        {
            whileHeld = await store.PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);
            await hold.ReleaseAsync();
        }

        var later = await store.PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);

        Assert.Equal((0, 0, 1), (whileHeld.Requests, whileHeld.DaysDropped, whileHeld.DaysKept));
        Assert.Equal((1, 1, 0), (later.Requests, later.DaysDropped, later.DaysKept));
    }

    [Fact]
    public async Task ADayTakenOut_WhileAnotherTransactionReadsTheWebhooks_LosesItsRequestsAtOnce_AndItsFilesOnALaterRun()
    {
        var now = DateTimeOffset.UtcNow;
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await JobData.WebhookAsync(dataSource, "shop");
        var expired = now.AddDays(-40);
        await EnsureDaysAsync(dataSource, expired, expired);
        await JobData.RequestAsync(dataSource, "shop", expired);
        var store = new PurgeStore(dataSource, TimeProvider.System);

        PurgeResult whileRead;
        bool tablesLeft;
        // Ingest reads the webhooks in every statement: removing the day's references to them must wait
        // for that, and it does not wait long.
        await using (var reader = await HeldTransaction.StartAsync(connectionString, "SELECT count(*) FROM webhooks"))
        {
            whileRead = await store.PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);
            tablesLeft = await TestData.ScalarAsync<bool>(dataSource, $"SELECT to_regclass('requests_{Suffix(expired)}') IS NOT NULL");
            await reader.ReleaseAsync();
        }

        await store.PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);

        Assert.Equal((1, 1), (whileRead.Requests, whileRead.DaysDropped));
        Assert.True(tablesLeft, "the day's tables should wait for the lock");
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests"));
        Assert.False(await TestData.ScalarAsync<bool>(dataSource, $"SELECT to_regclass('requests_{Suffix(expired)}') IS NOT NULL"));
    }

    [Fact]
    public async Task ARequestWhoseDayHasNoPartition_IsSavedInTheDefaultOne_WhichKeepsThatDayFromBeingCreated_AndIsPurgedRowByRow()
    {
        var now = DateTimeOffset.UtcNow;
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://a.test/hook", "{}"));
        var old = now.AddDays(-40);
        var id = Guid.CreateVersion7(old);

        var saved = await new RequestStore(dataSource).SaveBatchAsync(
            [new IncomingRequest(id, "shop", old, "POST", "/", "", [], "{}"u8.ToArray(), null, null, null)], CancellationToken.None);
        await TestData.ExecuteAsync(dataSource, "UPDATE deliveries SET state = 'succeeded', completed_at = now()");

        Assert.Equal(new SavedBatch(1, 1), saved);
        Assert.Equal("requests_default", await TestData.ScalarAsync<string>(dataSource, "SELECT tableoid::regclass::text FROM requests"));
        Assert.Equal("deliveries_default", await TestData.ScalarAsync<string>(dataSource, "SELECT tableoid::regclass::text FROM deliveries"));
        Assert.Equal(0, await EnsureDaysAsync(dataSource, old, old));

        var result = await new PurgeStore(dataSource, TimeProvider.System).PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);

        Assert.Equal((1, 0, 1), (result.Requests, result.DaysDropped, result.Batches));
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries"));
    }

    [Fact]
    public async Task TheLongestRetention_KeepsARequestToTheEndOfItsDay_AShorterOneToTheHour()
    {
        // Noon, so that an hour either side of a cutoff stays on the same day.
        var now = new DateTimeOffset(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await JobData.WebhookAsync(dataSource, "shop");
        await JobData.WebhookAsync(dataSource, "brief", retentionDays: 7);
        var sameDayAsCutoff = await JobData.RequestAsync(dataSource, "shop", now.AddDays(-30).AddHours(-1));
        await JobData.RequestAsync(dataSource, "shop", now.AddDays(-30).AddHours(-13));
        await JobData.RequestAsync(dataSource, "brief", now.AddDays(-7).AddHours(-1));
        var briefKept = await JobData.RequestAsync(dataSource, "brief", now.AddDays(-7).AddHours(1));

        await new PurgeStore(dataSource, TimeProvider.System).PurgeAsync(Defaults, 1000, NoPauses, now, CancellationToken.None);

        Assert.Equal(new[] { sameDayAsCutoff, briefKept }.Order(), (await TestData.RowsAsync(dataSource, "SELECT id FROM requests", r => r.GetGuid(0))).Order());
    }

    [Fact]
    public async Task TheDaysToComeAreCreatedAhead_AndRequestsArrivingNowGoToToday()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = new DayPartitions(dataSource);
        await days.DropAsync(today.AddDays(DayPartitions.DaysAhead), CancellationToken.None);

        var created = await days.EnsureAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var id = await TestData.SaveRequestAsync(dataSource, "shop");

        Assert.Equal(1, created);

        var listed = await days.ListAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, DayPartitions.DaysAhead + 1).Select(today.AddDays), listed.Where(d => d >= today));
        Assert.Equal($"requests_{Suffix(DateTimeOffset.UtcNow)}",
            await TestData.ScalarAsync<string>(dataSource, $"SELECT tableoid::regclass::text FROM requests WHERE id = '{id}'"));
    }

    private static string Suffix(DateTimeOffset at) => $"p{at.UtcDateTime:yyyyMMdd}";

    private static Task<int> EnsureDaysAsync(NpgsqlDataSource dataSource, DateTimeOffset first, DateTimeOffset last) =>
        TestData.ScalarAsync<int>(dataSource, "SELECT ensure_day_partitions(@first, @last)",
            ("first", DateOnly.FromDateTime(first.UtcDateTime)), ("last", DateOnly.FromDateTime(last.UtcDateTime)));
}
