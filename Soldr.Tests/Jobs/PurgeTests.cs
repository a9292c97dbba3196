using Npgsql;
using Soldr.Core.Jobs;
using Soldr.Core.Requests;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Jobs;

[Collection(ServersCollectionDefinition.Name)]
public sealed class PurgeTests(ServersFixture servers)
{
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetentionOptions Defaults = new();

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

        await JobData.ExecuteAsync(dataSource, """
            INSERT INTO job_runs (job, started_at, duration_ms, outcome) VALUES ('purge', @old, 1, 'succeeded'), ('purge', @recent, 1, 'succeeded');
            INSERT INTO alerts (destination_id, state, opened_at, reason, resolved_at) VALUES
                (@destination, 'resolved', @old, 'old', @old),
                (@destination, 'resolved', @recent, 'recent', @recent),
                (@destination, 'open', @old, 'still open', NULL);
            """, ("old", Now.AddDays(-31)), ("recent", Now.AddDays(-1)), ("destination", shop));

        var result = await new PurgeStore(dataSource).PurgeAsync(Defaults, 1000, Now, CancellationToken.None);

        Assert.Equal(new PurgeResult(Requests: 4, JobRuns: 1, Alerts: 1, Batches: 6), result);
        await using var remaining = dataSource.CreateCommand("SELECT id FROM requests");
        var kept = new HashSet<Guid>();
        await using (var reader = await remaining.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                kept.Add(reader.GetGuid(0));
            }
        }

        Assert.Equal(
            new[] { shopRecent, shopPending, shopNotRouted, archiveKept, unroutableRecent, orphanRecent }.Order(),
            kept.Order());
        Assert.All([shopOld, archiveOld, unroutableOld, orphanOld], id => Assert.DoesNotContain(id, kept));
        Assert.Equal(2, await JobData.CountAsync(dataSource, "SELECT count(*) FROM deliveries"));
        Assert.Equal(1, await JobData.CountAsync(dataSource, "SELECT count(*) FROM attempts"));
        Assert.Equal(0, await JobData.CountAsync(dataSource, $"SELECT count(*) FROM deliveries WHERE id = '{oldDelivery}'"));
        Assert.Equal(1, await JobData.CountAsync(dataSource, "SELECT count(*) FROM job_runs"));
        Assert.Equal(["recent", "still open"], await ReasonsAsync(dataSource));
    }

    [Fact]
    public async Task Purge_DeletesInBatches_WhileIngestKeepsSavingRequests()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await JobData.WebhookAsync(dataSource, "shop");
        await JobData.ExecuteAsync(dataSource, """
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body, state)
            SELECT gen_random_uuid(), 'shop', @old - make_interval(secs => i), 'POST', '/', '[]', '\x'::bytea, 'routed'
            FROM generate_series(1, 2500) AS i
            """, ("old", Now.AddDays(-31)));
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
        var result = await new PurgeStore(dataSource).PurgeAsync(Defaults, 1000, Now, CancellationToken.None);
        await purgeDone.CancelAsync();
        await inserter;

        Assert.Equal(2500, result.Requests);
        Assert.Equal(3, result.Batches);
        Assert.Equal(saved, await JobData.CountAsync(dataSource, "SELECT count(*) FROM requests"));
        Assert.Equal(0, await JobData.CountAsync(dataSource, $"SELECT count(*) FROM requests WHERE received_at < '{Now.AddDays(-30):O}'"));
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

        var result = await new PurgeStore(dataSource).PurgeAsync(new RetentionOptions { Days = 7, UnroutableDays = 3 }, 1, Now, CancellationToken.None);

        Assert.Equal(2, result.Requests);
        Assert.Equal(2, await JobData.CountAsync(dataSource, $"SELECT count(*) FROM requests WHERE id IN ('{kept}', '{keptUnroutable}')"));
        Assert.Equal(2, await JobData.CountAsync(dataSource, "SELECT count(*) FROM requests"));
    }

    private static async Task<List<string>> ReasonsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT reason FROM alerts ORDER BY reason");
        await using var reader = await command.ExecuteReaderAsync();
        var reasons = new List<string>();
        while (await reader.ReadAsync())
        {
            reasons.Add(reader.GetString(0));
        }

        return reasons;
    }
}
