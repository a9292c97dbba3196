using System.Net;
using Hangfire;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Jobs;

/// <summary>Bulk re-sends run as Hangfire jobs on a worker, now or at a time, a page at a time.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class BulkResendJobTests(ServersFixture servers)
{
    private static readonly Dictionary<string, string?> TwoPerPage = new() { ["Soldr:Jobs:Resend:PageSize"] = "2" };

    [Fact]
    public async Task ABulkResendByFilter_RunsAsAJob_AndResendsExactlyTheMatchingDeliveries()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var (recent, old, other) = await SeedAsync(dataSource);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        using var worker = await JobHosts.StartAsync(connectionString, TwoPerPage);
        var api = admin.Client();

        var started = await api.ResendManyAsync(new BulkResend("failed", Webhook: "shop", From: DateTimeOffset.UtcNow.AddDays(-1)));
        var done = await Resends.FinishedAsync(api, started);

        Assert.Equal("queued", started.State);
        Assert.Equal(("succeeded", 5L, 5L, 5L, 0L, 0L), (done.State, done.Total, done.Processed, done.Queued, done.Held, done.Rerouted));
        Assert.Equal("API client 127.0.0.1 (no user agent)", done.RequestedBy);
        Assert.NotNull(done.StartedAt);
        Assert.Equal(
            recent.Order(),
            (await TestData.RowsAsync(dataSource, "SELECT request_id FROM deliveries WHERE state = 'pending' AND attempt_base = 1", r => r.GetGuid(0))).Order());
        Assert.Equal(5 + 2, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries WHERE state = 'succeeded'"));
        Assert.Equal(
            old.Concat(other).Order(),
            (await TestData.RowsAsync(dataSource, "SELECT request_id FROM deliveries WHERE state = 'failed'", r => r.GetGuid(0))).Order());
        // The re-send is recorded as done before Hangfire records its job as succeeded.
        await Eventually.UntilAsync(async () => await HangfireStateAsync(dataSource, done.JobId!) == "Succeeded", "Hangfire to record the job as succeeded");
        var audit = (await api.ListAuditAsync()).Items;
        Assert.Equal(["requests.resent", "requests.resend-started"], audit.Take(2).Select(e => e.Action));
        Assert.Equal($"re-send #{done.Id}: failed deliveries of webhook=shop, from=", audit[0].Subject[..(audit[0].Subject.IndexOf("from=", StringComparison.Ordinal) + 5)]);
        Assert.Equal([done.Id], (await api.ListResendsAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task AScheduledResend_WaitsForItsTime_ACancelledOneNeverRuns_AndATimeInThePastIsRefused()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SeedAsync(dataSource);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        using var worker = await JobHosts.StartAsync(connectionString);
        var api = admin.Client();

        var at = DateTimeOffset.UtcNow.AddSeconds(3);
        var scheduled = await api.ResendManyAsync(new BulkResend("failed", Webhook: "other", At: at));
        var later = await api.ResendManyAsync(new BulkResend("failed", Webhook: "shop", At: DateTimeOffset.UtcNow.AddHours(1)));
        var cancelled = await api.CancelResendAsync(later.Id);
        var past = await Assert.ThrowsAsync<SoldrApiException>(() => api.ResendManyAsync(new BulkResend("failed", Webhook: "shop", At: DateTimeOffset.UtcNow.AddMinutes(-1))));
        var stateWhileWaiting = await HangfireStateAsync(dataSource, scheduled.JobId!);
        var done = await Resends.FinishedAsync(api, scheduled);

        Assert.Equal(("scheduled", "Scheduled"), (scheduled.State, stateWhileWaiting));
        Assert.Equal(at.ToUnixTimeMilliseconds(), scheduled.RunAt!.Value.ToUnixTimeMilliseconds(), 1.0);
        Assert.Equal(("succeeded", 3L), (done.State, done.Queued));
        Assert.True(done.StartedAt >= at, $"started at {done.StartedAt:O}, scheduled for {at:O}");
        Assert.Equal("cancelled", cancelled.State);
        Assert.Equal("Deleted", await HangfireStateAsync(dataSource, later.JobId!));
        Assert.Equal(HttpStatusCode.BadRequest, past.Status);
        Assert.Equal(["at"], past.Errors.Keys);
        // The shop's failed deliveries were never touched: the re-send for them was cancelled.
        Assert.Equal(7, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries d JOIN requests r ON r.id = d.request_id WHERE r.webhook_name = 'shop' AND d.state = 'failed'"));
        Assert.Contains("requests.resend-cancelled", (await api.ListAuditAsync()).Items.Select(e => e.Action));
    }

    [Fact]
    public async Task AResendThatFailedHalfway_CarriesOnWhenRetried_AndNeverQueuesAPageTwice()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var (recent, _, _) = await SeedAsync(dataSource);
        // The second page's progress cannot be written: that page's changes roll back with it.
        await TestData.ExecuteAsync(dataSource, """
            CREATE FUNCTION second_page_fails() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN IF NEW.processed > 2 THEN RAISE EXCEPTION 'the disk is full'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER second_page_fails BEFORE UPDATE OF processed ON resends FOR EACH ROW EXECUTE FUNCTION second_page_fails();
            """);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        using var worker = await JobHosts.StartAsync(connectionString, TwoPerPage);
        var api = admin.Client();

        // All deliveries, succeeded ones too: a page done twice would count its deliveries twice.
        var started = await api.ResendManyAsync(new BulkResend("all", Webhook: "shop", From: DateTimeOffset.UtcNow.AddDays(-1)));
        var failed = await Resends.FinishedAsync(api, started);
        await TestData.ExecuteAsync(dataSource, "DROP TRIGGER second_page_fails ON resends");
        Assert.True(admin.Get<IBackgroundJobClientV2>().Requeue(failed.JobId!));
        var done = await Eventually.WaitAsync(
            async () => await api.GetResendAsync(started.Id) is { State: "succeeded" } finished ? finished : null, "the retried re-send to finish");

        Assert.Equal(("failed", 2L, 4L), (failed.State, failed.Processed, failed.Queued));
        Assert.Contains("the disk is full", failed.Error, StringComparison.Ordinal);
        Assert.Equal((5L, 5L, 10L, (string?)null), (done.Total, done.Processed, done.Queued, done.Error));
        Assert.Equal(10, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries WHERE state = 'pending'"));
        Assert.Equal(recent.Length, (await TestData.RowsAsync(dataSource, "SELECT DISTINCT request_id FROM deliveries WHERE state = 'pending'", r => r.GetGuid(0))).Count);
    }

    /// <summary>
    /// shop (two destinations: one succeeded, one failed per request): five recent requests and two from
    /// three days ago; other (one destination, failed): three requests.
    /// </summary>
    private static async Task<(Guid[] Recent, Guid[] Old, Guid[] Other)> SeedAsync(NpgsqlDataSource dataSource)
    {
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://ok.test/", "{}"), ("http://down.test/", "{}"));
        await TestData.DeclareAsync(dataSource, "other", "{}", ("http://other.test/", "{}"));
        async Task<Guid[]> SaveAsync(string webhook, int count)
        {
            var ids = new Guid[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = await TestData.SaveRequestAsync(dataSource, webhook);
            }

            return ids;
        }

        var recent = await SaveAsync("shop", 5);
        var old = await SaveAsync("shop", 2);
        var other = await SaveAsync("other", 3);
        await TestData.ExecuteAsync(dataSource, """
            UPDATE requests SET state = 'routed';
            UPDATE requests SET received_at = received_at - interval '3 days' WHERE id = ANY (@old);
            INSERT INTO deliveries (id, request_id, destination_id, state, attempt_count, next_attempt_at, created_at, completed_at)
            SELECT gen_random_uuid(), r.id, t.id, CASE WHEN t.url LIKE '%ok%' THEN 'succeeded' ELSE 'failed' END, 1, now(), now(), now()
            FROM requests r JOIN webhooks w ON w.name = r.webhook_name JOIN destinations t ON t.webhook_id = w.id
            """, ("old", old));
        return (recent, old, other);
    }

    private static Task<string?> HangfireStateAsync(NpgsqlDataSource dataSource, string jobId) =>
        TestData.ScalarAsync<string?>(dataSource, "SELECT statename FROM hangfire.job WHERE id = @id::bigint", ("id", jobId));
}
