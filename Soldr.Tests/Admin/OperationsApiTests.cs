using System.Net;
using Npgsql;
using Soldr.Client;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

[Collection(ServersCollectionDefinition.Name)]
public sealed class OperationsApiTests(ServersFixture servers)
{
    [Fact]
    public async Task Stats_QueueCounts_AndAlerts_CountAKnownDataSet()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://a.test/hook", "{}"));
        // Six requests, each with one delivery: 2 succeeded and 1 failed just now, 1 due, 1 scheduled, 1 leased.
        await using (var seed = dataSource.CreateCommand("""
            WITH r AS (
                INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body, state)
                SELECT gen_random_uuid(), 'shop', now() - interval '5 minutes', 'POST', '/', '[]', '\x7b7d', 'routed'
                FROM generate_series(1, 6) RETURNING id
            ), numbered AS (SELECT id, row_number() OVER () AS n FROM r)
            INSERT INTO deliveries (id, request_id, destination_id, state, next_attempt_at, locked_until, created_at, completed_at, last_status_code, last_attempt_at)
            SELECT gen_random_uuid(), numbered.id, (SELECT id FROM destinations),
                   CASE WHEN n <= 2 THEN 'succeeded' WHEN n = 3 THEN 'failed' ELSE 'pending' END,
                   CASE WHEN n = 5 THEN now() + interval '1 hour' ELSE now() - interval '1 minute' END,
                   CASE WHEN n = 6 THEN now() + interval '1 minute' END,
                   now() - interval '5 minutes',
                   CASE WHEN n <= 3 THEN now() - interval '1 minute' END,
                   CASE WHEN n <= 2 THEN 200 WHEN n = 3 THEN 502 END,
                   CASE WHEN n <= 3 THEN now() - interval '1 minute' END
            FROM numbered;
            INSERT INTO alerts (destination_id, opened_at, reason) SELECT id, now(), 'all attempts failed' FROM destinations;
            INSERT INTO workers (id, host, pid, started_at, last_seen_at) VALUES
                (gen_random_uuid(), 'live', 1, now(), now()), (gen_random_uuid(), 'gone', 2, now() - interval '1 hour', now() - interval '10 minutes');
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();

        var stats = await api.GetStatsAsync();
        Assert.Equal((6, 6, 2, 1, 3), (stats.RequestsLastHour, stats.RequestsLastDay, stats.SucceededLastDay, stats.FailedLastDay, stats.QueueDepth));
        Assert.Equal(3, stats.DeliveriesByState["pending"]);
        Assert.Equal(2.0 / 3, stats.SuccessRateLastDay!.Value, 6);
        Assert.Equal(1, stats.OpenAlerts);
        Assert.Equal((1, 502), (stats.TopFailingDestinations.Single().FailedLastDay, stats.TopFailingDestinations.Single().LastStatusCode ?? 0));
        Assert.Equal(1440, stats.PerMinute.Count);
        Assert.Equal(6, stats.PerMinute.Sum(m => m.Requests));
        Assert.Equal(1, stats.PerMinute.Sum(m => m.Failures));

        var jobs = await api.GetJobsAsync();
        Assert.Equal((1, 1, 1, 2, 1), (jobs.Queue.Enqueued, jobs.Queue.Scheduled, jobs.Queue.Processing, jobs.Queue.Succeeded, jobs.Queue.Failed));
        Assert.Equal(["live"], jobs.Workers.Select(w => w.Host));
        Assert.Equal(502, (await api.GetQueueAsync("failed")).Single().LastStatusCode);
        Assert.Equal(2, (await api.GetQueueAsync("succeeded", limit: 5)).Count);
        var unknown = await Assert.ThrowsAsync<SoldrApiException>(() => api.GetQueueAsync("lost"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("state", unknown.Errors.Keys);

        var alert = Assert.Single((await api.ListAlertsAsync("open")).Items);
        Assert.Equal(("shop", "http://a.test/hook", false), (alert.Webhook, alert.Destination, alert.Notified));
        Assert.Empty((await api.ListAlertsAsync("resolved")).Items);
        var badCursor = await Assert.ThrowsAsync<SoldrApiException>(() => api.ListAuditAsync("%%%"));
        Assert.Contains("cursor", badCursor.Errors.Keys);
    }

    [Fact]
    public async Task RecurringJobs_AreTriggeredPausedAndResumed_ThroughHangfiresStorage()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await Eventually.UntilAsync(async () => (await api.GetJobsAsync()).RecurringJobs.Count == 4, "the worker to store its schedules");

        var runsBefore = await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job = 'metrics-rollup'");
        await api.TriggerJobAsync("metrics-rollup");
        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job = 'metrics-rollup'") > runsBefore,
            "the worker to run the triggered job");
        Assert.NotNull((await api.GetJobsAsync()).RecurringJobs.Single(j => j.Name == "metrics-rollup").LastOutcome);

        await api.PauseJobAsync("purge");
        var paused = (await api.GetJobsAsync()).RecurringJobs.Single(j => j.Name == "purge");
        await api.PauseJobAsync("purge");
        await api.ResumeJobAsync("purge");
        var resumed = (await api.GetJobsAsync()).RecurringJobs.Single(j => j.Name == "purge");

        Assert.Equal((true, "paused", null), (paused.Paused, paused.Schedule, paused.NextFire));
        // Pausing twice keeps the schedule from before the first pause.
        Assert.Equal((false, "*/10 * * * *"), (resumed.Paused, resumed.Schedule));
        Assert.NotNull(resumed.NextFire);

        var missing = await Assert.ThrowsAsync<SoldrApiException>(() => api.TriggerJobAsync("no-such-job"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(["job.resumed", "job.paused", "job.paused", "job.triggered"], (await api.ListAuditAsync()).Items.Select(e => e.Action));
        // Only the worker runs a Hangfire server: the admin service only reads and writes the storage.
        Assert.Equal(1L, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM hangfire.server"));
    }

    [Fact]
    public async Task AJobWhoseLockIsTaken_IsNeitherPausedNorResumed_AndTheCallerIsToldToTryAgain()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await Eventually.UntilAsync(async () => (await api.GetJobsAsync()).RecurringJobs.Count == 4, "the worker to store its schedules");
        // What a worker that died while scheduling the purge leaves behind.
        const string TakeLock = "INSERT INTO hangfire.lock (resource, acquired) VALUES ('hangfire:lock:recurring-job:purge', now())";
        const string GiveLockUp = "DELETE FROM hangfire.lock WHERE resource = 'hangfire:lock:recurring-job:purge'";

        await TestData.ExecuteAsync(dataSource, TakeLock);
        var pause = await Assert.ThrowsAsync<SoldrApiException>(() => api.PauseJobAsync("purge"));
        var running = (await api.GetJobsAsync()).RecurringJobs.Single(j => j.Name == "purge");
        await TestData.ExecuteAsync(dataSource, GiveLockUp);
        await api.PauseJobAsync("purge");
        await TestData.ExecuteAsync(dataSource, TakeLock);
        var resume = await Assert.ThrowsAsync<SoldrApiException>(() => api.ResumeJobAsync("purge"));
        var stillPaused = (await api.GetJobsAsync()).RecurringJobs.Single(j => j.Name == "purge");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "The job is locked."), (pause.Status, pause.Title));
        Assert.Contains("try again", pause.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, resume.Status);
        // What the jobs list shows is what Hangfire runs: not paused after the refused pause, paused after the refused resume.
        Assert.Equal((false, "*/10 * * * *"), (running.Paused, running.Schedule));
        Assert.Equal((true, "paused"), (stillPaused.Paused, stillPaused.Schedule));
        Assert.Equal(["job.paused"], (await api.ListAuditAsync()).Items.Select(e => e.Action));
    }

    [Fact]
    public async Task APausedJob_DoesNotFire_WhileTheOthersDo_AndFiresAgainOnceResumed()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // Both jobs every second: the roll-up is the witness that the scheduler keeps firing.
        var every = new Dictionary<string, string?> { ["Soldr:Jobs:Purge:Schedule"] = "00:00:01", ["Soldr:Jobs:Rollup:Schedule"] = "00:00:01" };
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString, every);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        Task<long> RunsAsync(string job) => TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job = @job", ("job", job));
        await Eventually.UntilAsync(async () => await RunsAsync("purge") > 0, "the purge to run on its schedule");

        await api.PauseJobAsync("purge");
        // A run that had already begun when the pause arrived is let finish before counting.
        await Eventually.UntilAsync(async () => !await TestData.ScalarAsync<bool>(dataSource, """
            SELECT EXISTS (SELECT 1 FROM hangfire.job j JOIN hangfire.jobparameter p ON p.jobid = j.id
                           WHERE p.name = 'RecurringJobId' AND p.value = '"purge"' AND j.statename IN ('Enqueued', 'Processing'))
            """), "no purge waiting or in progress");
        var purgesWhenPaused = await RunsAsync("purge");
        var rollupsWhenPaused = await RunsAsync("metrics-rollup");
        await Eventually.UntilAsync(async () => await RunsAsync("metrics-rollup") >= rollupsWhenPaused + 4, "four more roll-ups");

        Assert.Equal(purgesWhenPaused, await RunsAsync("purge"));

        await api.ResumeJobAsync("purge");
        await Eventually.UntilAsync(async () => await RunsAsync("purge") > purgesWhenPaused, "the resumed purge to run again");
    }
}
