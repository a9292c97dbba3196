using Npgsql;
using Soldr.Core.Jobs;
using Soldr.Core.Requests;
using Soldr.Tests.Infrastructure;
using Soldr.Worker.Jobs;

namespace Soldr.Tests.Jobs;

[Collection(ServersCollectionDefinition.Name)]
public sealed class PurgeTests(ServersFixture servers)
{
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetentionOptions Defaults = new();
    private const double NoPauses = 1.0;

    [Fact]
    public async Task Purge_DeletesOnlyWhatIsPastItsRetention_AndNeverWorkInFlight()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var shop = await JobData.WebhookAsync(dataSource, "shop");
        await JobData.WebhookAsync(dataSource, "archive", retentionDays: 90);

        var shopOld = await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-31));
        var oldDelivery = await JobData.DeliveryAsync(dataSource, shopOld, shop, "succeeded", Now.AddDays(-31));
        await JobData.AttemptAsync(dataSource, oldDelivery, 1, Now.AddDays(-31));
        await JobData.AttemptAsync(dataSource, oldDelivery, 2, Now.AddDays(-31));
        var shopRecent = await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-29));
        var recentDelivery = await JobData.DeliveryAsync(dataSource, shopRecent, shop, "succeeded", Now.AddDays(-29));
        await JobData.AttemptAsync(dataSource, recentDelivery, 1, Now.AddDays(-29));
        var shopPending = await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-40));
        await JobData.DeliveryAsync(dataSource, shopPending, shop, "pending");
        var shopNotRouted = await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-40), state: "received");
        var archiveKept = await JobData.RequestAsync(dataSource, "archive", Now.AddDays(-60));
        var archiveOld = await JobData.RequestAsync(dataSource, "archive", Now.AddDays(-91));
        var unroutableOld = await JobData.RequestAsync(dataSource, "ghost", Now.AddDays(-2), state: "unroutable");
        var unroutableRecent = await JobData.RequestAsync(dataSource, "ghost", Now.AddHours(-12), state: "unroutable");
        var orphanOld = await JobData.RequestAsync(dataSource, "deleted-webhook", Now.AddDays(-31));
        var orphanRecent = await JobData.RequestAsync(dataSource, "deleted-webhook", Now.AddDays(-29));

        await TestData.ExecuteAsync(dataSource, """
            INSERT INTO job_runs (job, started_at, duration_ms, outcome) VALUES ('purge', @old, 1, 'succeeded'), ('purge', @recent, 1, 'succeeded');
            INSERT INTO alerts (destination_id, state, opened_at, reason, resolved_at) VALUES
                (@destination, 'resolved', @old, 'old', @old),
                (@destination, 'resolved', @recent, 'recent', @recent),
                (@destination, 'open', @old, 'still open', NULL);
            INSERT INTO request_keys (webhook_name, key_hash, request_id, received_at, expires_at) VALUES
                ('shop', '\x01', gen_random_uuid(), @recent, @expired),
                ('shop', '\x02', gen_random_uuid(), @recent, @live);
            """,
            ("old", Now.AddDays(-31)), ("recent", Now.AddDays(-1)), ("destination", shop),
            ("expired", Now.AddMinutes(-1)), ("live", Now.AddMinutes(1)));

        var result = await new PurgeStore(dataSource, TimeProvider.System).PurgeAsync(Defaults, 1000, NoPauses, Now, CancellationToken.None);

        Assert.Equal(new PurgeResult(Requests: 4, JobRuns: 1, Alerts: 1, Batches: 7, EventKeys: 1), result);
        var kept = await TestData.RowsAsync(dataSource, "SELECT id FROM requests", r => r.GetGuid(0));
        Assert.Equal(
            new[] { shopRecent, shopPending, shopNotRouted, archiveKept, unroutableRecent, orphanRecent }.Order(),
            kept.Order());
        Assert.All([shopOld, archiveOld, unroutableOld, orphanOld], id => Assert.DoesNotContain(id, kept));
        Assert.Equal(2, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM attempts"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM deliveries WHERE id = '{oldDelivery}'"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs"));
        Assert.Equal(["recent", "still open"], await TestData.RowsAsync(dataSource, "SELECT reason FROM alerts ORDER BY reason", r => r.GetString(0)));
        Assert.Equal([2], await TestData.RowsAsync(dataSource, "SELECT get_byte(key_hash, 0) FROM request_keys", r => r.GetInt32(0)));
    }

    [Fact]
    public async Task Purge_DeletesInBatches_WhileIngestKeepsSavingRequests()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await JobData.WebhookAsync(dataSource, "shop");
        await OldRequestsAsync(dataSource, 2500);
        var store = new RequestStore(dataSource);
        using var purgeDone = new CancellationTokenSource();
        var saved = 0;

        var inserter = Task.Run(async () =>
        {
            // Keeps saving until the purge has finished, and at least a few times whatever happens.
            while (!purgeDone.IsCancellationRequested || saved < 20)
            {
                await store.SaveBatchAsync(
                    [new IncomingRequest(Guid.CreateVersion7(), "shop", Now, "POST", "/", "", [], "{}"u8.ToArray(), null, null, null)], CancellationToken.None);
                saved++;
            }
        });
        var result = await new PurgeStore(dataSource, TimeProvider.System)
            .PurgeAsync(Defaults, 1000, new PurgeOptions().MaxBusyShare, Now, CancellationToken.None);
        await purgeDone.CancelAsync();
        await inserter;

        Assert.Equal(2500, result.Requests);
        Assert.Equal(3, result.Batches);
        Assert.Equal(saved, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests"));
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM requests WHERE received_at < '{Now.AddDays(-30):O}'"));
    }

    [Fact]
    public async Task Purge_InBatchesEndingAmidRequestsReceivedAtTheSameTime_DeletesThemAll_AndKeepsThoseStillPending()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var shop = await JobData.WebhookAsync(dataSource, "shop");
        var pending = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            // Three requests at each of four times, in batches of two: most batches end amid equal times,
            // where the next batch starts.
            var request = await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-31).AddMinutes(i / 3));
            await JobData.RequestAsync(dataSource, "ghost", Now.AddDays(-2).AddMinutes(i / 3), state: "unroutable");
            if (i % 5 == 0)
            {
                await JobData.DeliveryAsync(dataSource, request, shop, "pending");
                pending.Add(request);
            }
        }

        var result = await new PurgeStore(dataSource, TimeProvider.System).PurgeAsync(Defaults, 2, NoPauses, Now, CancellationToken.None);

        Assert.Equal(12 + 9, result.Requests);
        Assert.Equal(pending.Order(), (await TestData.RowsAsync(dataSource, "SELECT id FROM requests", r => r.GetGuid(0))).Order());
    }

    [Fact]
    public async Task Purge_HonoursConfiguredRetention()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await JobData.WebhookAsync(dataSource, "shop");
        await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-8));
        var kept = await JobData.RequestAsync(dataSource, "shop", Now.AddDays(-6));
        await JobData.RequestAsync(dataSource, "ghost", Now.AddDays(-4), state: "unroutable");
        var keptUnroutable = await JobData.RequestAsync(dataSource, "ghost", Now.AddDays(-2), state: "unroutable");

        var result = await new PurgeStore(dataSource, TimeProvider.System)
            .PurgeAsync(new RetentionOptions { Days = 7, UnroutableDays = 3 }, 1, NoPauses, Now, CancellationToken.None);

        Assert.Equal(2, result.Requests);
        Assert.Equal(2, await TestData.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM requests WHERE id IN ('{kept}', '{keptUnroutable}')"));
        Assert.Equal(2, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests"));
    }

    [Fact]
    public async Task Purge_AtAQuarterBusyShare_PausesBetweenStatements_ThreeTimesAsLongAsTheOneBefore()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await OldRequestsAsync(dataSource, 25);
        var clock = new PacingClock();

        var result = await new PurgeStore(dataSource, clock).PurgeAsync(Defaults, 10, 0.25, Now, CancellationToken.None);

        Assert.Equal(25, result.Requests);
        Assert.Equal(3, result.Batches);

        // Each statement is timed by a reading before and after it. A pause sits between every two
        // statements, and none follows the last: the purge is done then.
        var (statements, pauses) = Timeline(clock.Events);
        Assert.Equal(statements.Count - 1, pauses.Count);
        Assert.True(pauses.Count >= result.Batches, "a batch was not followed by a pause, though more statements came after it");
        Assert.All(pauses.Zip(statements), p => Assert.Equal(3 * p.Second, p.First));
    }

    [Fact]
    public async Task Purge_WithAFullBusyShare_NeverPauses()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await OldRequestsAsync(dataSource, 25);
        var clock = new PacingClock();

        var result = await new PurgeStore(dataSource, clock).PurgeAsync(Defaults, 10, NoPauses, Now, CancellationToken.None);

        Assert.Equal(25, result.Requests);
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests"));
        Assert.DoesNotContain(clock.Events, e => e is PacingClock.Pause);
    }

    [Fact]
    public async Task Purge_StoppedDuringAPause_EndsThere_WithoutAnotherStatement()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await OldRequestsAsync(dataSource, 25);
        var clock = new PacingClock(holdPauses: true);
        using var stopping = new CancellationTokenSource();

        var purge = new PurgeStore(dataSource, clock).PurgeAsync(Defaults, 10, 0.25, Now, stopping.Token);
        await clock.FirstPause.WaitAsync(Eventually.DefaultTimeout);
        var eventsBeforeStop = clock.Events.Count;
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => purge.WaitAsync(Eventually.DefaultTimeout));
        Assert.Equal(eventsBeforeStop, clock.Events.Count);
        Assert.IsType<PacingClock.Pause>(clock.Events[^1]);
    }

    /// <summary><paramref name="count"/> routed requests for 'shop', all past its retention.</summary>
    private static Task OldRequestsAsync(NpgsqlDataSource dataSource, int count) => TestData.ExecuteAsync(dataSource, """
        INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body, state)
        SELECT gen_random_uuid(), 'shop', @old - make_interval(secs => i), 'POST', '/', '[]', '\x'::bytea, 'routed'
        FROM generate_series(1, @count) AS i
        """, ("old", Now.AddDays(-31)), ("count", count));

    /// <summary>How long each statement took and each pause lasted, in order, as the clock saw them.</summary>
    private static (List<TimeSpan> Statements, List<TimeSpan> Pauses) Timeline(IReadOnlyList<PacingClock.Event> events)
    {
        var statements = new List<TimeSpan>();
        var pauses = new List<TimeSpan>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is PacingClock.Pause pause)
            {
                Assert.Equal(pauses.Count + 1, statements.Count);
                pauses.Add(pause.Length);
                continue;
            }

            var start = Assert.IsType<PacingClock.Reading>(events[i]);
            var end = Assert.IsType<PacingClock.Reading>(events[++i]);
            statements.Add(TimeSpan.FromTicks(end.Ticks - start.Ticks));
        }

        return (statements, pauses);
    }
}
