using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Jobs;
using Soldr.Tests.Infrastructure;
using Soldr.Worker.Jobs;

namespace Soldr.Tests.Jobs;

[Collection(ServersCollectionDefinition.Name)]
public sealed class SchedulerTests(ServersFixture servers)
{
    // Hangfire keeps each background job's parameters as JSON: the recurring job it came from, and the time
    // of the occurrence it stands for (Unix seconds).
    private const string OccurrencesSql = """
        SELECT p.value FROM hangfire.jobparameter p
        JOIN hangfire.jobparameter r ON r.jobid = p.jobid AND r.name = 'RecurringJobId' AND r.value = @job
        WHERE p.name = 'Time'
        """;

    [Fact]
    public async Task TheMigrations_DropQuartz_AndCreateHangfiresSchema_AndTheJobTables()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());

        foreach (var table in (string[])["hangfire.job", "hangfire.state", "hangfire.jobqueue", "hangfire.hash", "hangfire.server", "hangfire.lock",
                     "job_runs", "job_pauses", "hourly_metrics"])
        {
            Assert.True(await TestData.ScalarAsync<bool>(dataSource, "SELECT to_regclass(@table) IS NOT NULL", ("table", table)), $"table {table} exists");
        }

        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'qrtz%'"));
    }

    [Fact]
    public async Task AWorkerOnAnEmptyDatabase_MigratesItBeforeTheServerStarts_AndRunsJobs_ShowingTheirResultInHangfire()
    {
        var connectionString = await servers.CreateDatabaseAsync(migrated: false);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        using var host = await JobHosts.StartAsync(connectionString);
        var jobId = host.Get<RecurringJobControl>().Trigger(RecurringJobNames.MetricsRollup);
        var run = await Eventually.WaitAsync(
            async () => (await host.Get<JobRunQueries>().LastRunsAsync(CancellationToken.None)).SingleOrDefault(),
            "the roll-up run to be recorded");
        var result = await Eventually.WaitAsync(
            () => TestData.ScalarAsync<string?>(dataSource,
                "SELECT data ->> 'Result' FROM hangfire.state WHERE jobid = @id::bigint AND name = 'Succeeded'", ("id", jobId!)),
            "Hangfire to record the job as succeeded");

        Assert.Equal(RecurringJobNames.MetricsRollup, run.Job);
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Matches("""^"0 row\(s\) in [0-9.]+ ms"$""", result);
        Assert.Null(host.Get<RecurringJobControl>().Trigger("no-such-job"));
    }

    [Fact]
    public async Task ARecurringJob_FiresOnItsSchedule_EachOccurrenceOnceAcrossTwoWorkers()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var everySecond = new Dictionary<string, string?> { ["Soldr:Jobs:StaleWorkerSchedule"] = "00:00:01" };
        using var first = await JobHosts.StartAsync(connectionString, everySecond);
        using var second = await JobHosts.StartAsync(connectionString, everySecond);
        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM hangfire.server") == 2,
            "both Hangfire servers to check in");

        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job = 'stale-workers'") >= 6,
            "six scheduled runs");
        // Stopping waits for running jobs, so a duplicate run would be recorded by now.
        await first.StopAsync();
        await second.StopAsync();

        var occurrences = await TestData.RowsAsync(dataSource, OccurrencesSql, r => r.GetString(0), ("job", "\"stale-workers\""));
        var runs = await TestData.RowsAsync(dataSource, "SELECT outcome FROM job_runs WHERE job = 'stale-workers'", r => r.GetString(0));
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.Equal(occurrences.Count, runs.Count);
        // One record per occurrence. An occurrence that began while the one before was still going (a slow
        // second on a busy machine) is recorded as skipped: runs never overlap.
        Assert.All(runs, outcome => Assert.Contains(outcome, (string[])[JobOutcome.Succeeded, JobOutcome.Skipped]));
        Assert.Contains(JobOutcome.Succeeded, runs);
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job <> 'stale-workers'"));
    }

    [Fact]
    public async Task ARunThatFindsThePreviousOneGoing_IsRecordedAsSkipped_AndDoesNothing()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var host = await JobHosts.StartAsync(connectionString);

        // The lock a running purge holds, taken here on a session of the test's own.
        await using (var running = await dataSource.OpenConnectionAsync())
        {
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('soldr-job:purge', 0))", running))
            {
                await take.ExecuteNonQueryAsync();
            }

            host.Get<RecurringJobControl>().Trigger(RecurringJobNames.Purge);
            await Eventually.UntilAsync(
                async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs") == 1, "the run to be recorded");
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", running);
            await release.ExecuteNonQueryAsync();
        }

        host.Get<RecurringJobControl>().Trigger(RecurringJobNames.Purge);
        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs") == 2, "the next run to be recorded");

        var outcomes = await TestData.RowsAsync(dataSource, "SELECT outcome FROM job_runs ORDER BY started_at", r => r.GetString(0));
        Assert.Equal([JobOutcome.Skipped, JobOutcome.Succeeded], outcomes);
    }

    [Fact]
    public async Task AJobLockLeftByAWorkerThatDied_DoesNotStopTheNextWorker_WhichDeclaresTheJobsOnceTheLockIsGivenUp()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // A worker killed while it declared the purge: Hangfire.PostgreSql keeps its locks as rows, which stay.
        await TestData.ExecuteAsync(dataSource, "INSERT INTO hangfire.lock (resource, acquired) VALUES ('hangfire:lock:recurring-job:purge', now())");

        using var host = await JobHosts.StartAsync(connectionString, new Dictionary<string, string?> { ["Soldr:Jobs:Purge:Schedule"] = "0 2 * * *" });
        var jobs = host.Get<RecurringJobControl>();
        Assert.DoesNotContain(jobs.List(), j => j.Id == RecurringJobNames.Purge);

        // Once the lock is older than the storage allows, the worker takes it over and declares what was left.
        await TestData.ExecuteAsync(dataSource, "UPDATE hangfire.lock SET acquired = acquired - @age", ("age", JobStorageExtensions.AbandonedLockTimeout));
        await Eventually.UntilAsync(() => jobs.List().Count == RecurringJobNames.All.Count, "every job to be declared");
        Assert.Equal("0 2 * * *", jobs.List().Single(j => j.Id == RecurringJobNames.Purge).Cron);
    }

    [Fact]
    public async Task AFailingJob_IsRecordedAsFailedWithItsMessage_FailsInHangfire_AndTheServerKeepsRunning()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var host = await JobHosts.StartAsync(connectionString);
        var jobs = host.Get<RecurringJobControl>();
        var queries = new JobRunQueries(dataSource);
        await TestData.ExecuteAsync(dataSource, "ALTER TABLE workers RENAME TO workers_elsewhere");

        var failedJob = jobs.Trigger(RecurringJobNames.StaleWorkers);
        var failed = await Eventually.WaitAsync(
            async () => (await queries.LastRunsAsync(CancellationToken.None)).FirstOrDefault(r => r.Job == RecurringJobNames.StaleWorkers),
            "the failed run to be recorded");
        var state = await Eventually.WaitAsync(
            () => TestData.ScalarAsync<string?>(dataSource, "SELECT statename FROM hangfire.job WHERE id = @id::bigint AND statename = 'Failed'", ("id", failedJob!)),
            "Hangfire to show the job as failed");
        await TestData.ExecuteAsync(dataSource, "ALTER TABLE workers_elsewhere RENAME TO workers");
        jobs.Trigger(RecurringJobNames.StaleWorkers);
        await Eventually.UntilAsync(
            async () => (await queries.RecentRunsAsync(RecurringJobNames.StaleWorkers, 10, CancellationToken.None)).Count == 2,
            "the next run of the same job");

        Assert.Equal(JobOutcome.Failed, failed.Outcome);
        Assert.Equal("Failed", state);
        Assert.Contains("workers", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", failed.Message, StringComparison.OrdinalIgnoreCase);
        var latest = (await queries.RecentRunsAsync(RecurringJobNames.StaleWorkers, 10, CancellationToken.None))[0];
        Assert.Equal(JobOutcome.Succeeded, latest.Outcome);
        Assert.Null(latest.Message);
    }

    [Fact]
    public async Task Schedules_AreDeclaredAsCron_OffLeavesAJobThatOnlyRunsWhenTriggered_AndAPausedJobStaysPausedAcrossARestart()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var settings = new Dictionary<string, string?>
        {
            ["Soldr:Jobs:Purge:Schedule"] = "7.00:00:00",
            ["Soldr:Jobs:Rollup:Schedule"] = "15 3 * * *",
        };
        Dictionary<string, string> cron;
        using (var host = await JobHosts.StartAsync(connectionString, settings))
        {
            cron = host.Get<RecurringJobControl>().List().ToDictionary(j => j.Id, j => j.Cron);
            Assert.True(await host.Get<RecurringJobControl>().PauseAsync(RecurringJobNames.MetricsRollup, "test", CancellationToken.None));
            await host.StopAsync();
        }

        settings["Soldr:Jobs:Rollup:Schedule"] = "0 4 * * *";
        using var restarted = await JobHosts.StartAsync(connectionString, settings);
        var control = restarted.Get<RecurringJobControl>();
        var whilePaused = control.List().Single(j => j.Id == RecurringJobNames.MetricsRollup);
        Assert.True(await control.ResumeAsync(RecurringJobNames.MetricsRollup, CancellationToken.None));
        var resumed = control.List().Single(j => j.Id == RecurringJobNames.MetricsRollup);

        Assert.Equal("0 0 * * 1", cron[RecurringJobNames.Purge]);
        Assert.Equal("15 3 * * *", cron[RecurringJobNames.MetricsRollup]);
        Assert.Equal(Hangfire.Cron.Never(), cron[RecurringJobNames.StaleWorkers]);
        Assert.Equal(RecurringJobNames.All.Order(), cron.Keys.Order());
        Assert.Equal(Hangfire.Cron.Never(), whilePaused.Cron);
        // Resumed with the schedule configured now, not the one from before the restart.
        Assert.Equal("0 4 * * *", resumed.Cron);
        Assert.Equal(0, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_pauses"));
    }

    [Theory]
    [InlineData("00:10:00", "*/10 * * * *")]
    [InlineData("00:00:01", "* * * * * *")]
    [InlineData("00:00:15", "*/15 * * * * *")]
    [InlineData("00:01:00", "* * * * *")]
    [InlineData("01:00:00", "0 * * * *")]
    [InlineData("06:00:00", "0 */6 * * *")]
    [InlineData("1.00:00:00", "0 0 * * *")]
    [InlineData("7.00:00:00", "0 0 * * 1")]
    [InlineData("0 2 * * *", "0 2 * * *")]
    [InlineData("*/30 * * * * *", "*/30 * * * * *")]
    [InlineData("off", null)]
    [InlineData("00:00:00", null)]
    [InlineData("", null)]
    public void AScheduleSetting_ReadsAsTheCronExpressionHangfireRuns(string text, string? expected)
    {
        Assert.True(JobScheduleText.TryParse(text, out var cron, out var error), error);
        Assert.Equal(expected, cron);
    }

    [Theory]
    [InlineData("Soldr:Jobs:Purge:BatchSize", "0", "Soldr:Jobs:Purge:BatchSize")]
    [InlineData("Soldr:Jobs:Purge:MaxBusyShare", "0", "Soldr:Jobs:Purge:MaxBusyShare")]
    [InlineData("Soldr:Jobs:Purge:MaxBusyShare", "1.5", "Soldr:Jobs:Purge:MaxBusyShare")]
    [InlineData("Soldr:Jobs:Purge:Schedule", "00:07:00", "does not divide a minute, an hour or a day evenly")]
    [InlineData("Soldr:Jobs:Rollup:Schedule", "every five minutes", "Soldr:Jobs:Rollup:Schedule: 'every five minutes' is neither an interval")]
    [InlineData("Soldr:Jobs:AlertReminders:Every", "00:00:10", "Soldr:Jobs:AlertReminders:Every")]
    [InlineData("Soldr:Jobs:ParallelJobs", "0", "Soldr:Jobs:ParallelJobs")]
    [InlineData("Soldr:Jobs:Purge:Interval", "00:10:00", "Soldr:Jobs:Purge:Interval is no longer read: set Soldr:Jobs:Purge:Schedule")]
    public async Task ABadJobSetting_StopsTheWorkerAtStartUp_NamingTheKey(string key, string value, string expected)
    {
        var connectionString = await servers.CreateDatabaseAsync();
        using var host = JobHosts.Build(connectionString, new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
