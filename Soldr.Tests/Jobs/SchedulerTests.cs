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
    [Fact]
    public async Task TheMigrations_CreateQuartzTables_AndTheJobTables()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());

        foreach (var table in (string[])["qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_simprop_triggers",
                     "qrtz_blob_triggers", "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_fired_triggers", "qrtz_scheduler_state",
                     "qrtz_locks", "job_runs", "hourly_metrics"])
        {
            await using var command = dataSource.CreateCommand("SELECT to_regclass(@table) IS NOT NULL");
            command.Parameters.AddWithValue("table", table);
            Assert.True((bool)(await command.ExecuteScalarAsync())!, $"table {table} exists");
        }
    }

    [Fact]
    public async Task AWorkerOnAnEmptyDatabase_MigratesItBeforeTheSchedulerStarts_AndRunsJobs()
    {
        var connectionString = await servers.CreateDatabaseAsync(migrated: false);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        using var host = await JobHosts.StartAsync(connectionString);
        Assert.True(await host.Get<RecurringJobs>().TriggerAsync(RecurringJobs.MetricsRollup, CancellationToken.None));
        var run = await Eventually.WaitAsync(
            async () => (await host.Get<JobRunQueries>().LastRunsAsync(CancellationToken.None)).SingleOrDefault(),
            "the roll-up run to be recorded");

        Assert.Equal(RecurringJobs.MetricsRollup, run.Job);
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.False(await host.Get<RecurringJobs>().TriggerAsync("no-such-job", CancellationToken.None));
    }

    [Fact]
    public async Task ATriggeredJob_RunsOnce_AcrossTwoWorkersSharingOneDatabase()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        const int Triggers = 4;
        using var first = await JobHosts.StartAsync(connectionString);
        using var second = await JobHosts.StartAsync(connectionString);
        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'soldr'") == 2,
            "both schedulers to check in to the cluster");

        for (var i = 0; i < Triggers; i++)
        {
            Assert.True(await (i % 2 == 0 ? first : second).Get<RecurringJobs>().TriggerAsync(RecurringJobs.StaleWorkers, CancellationToken.None));
        }

        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs") >= Triggers,
            "the triggered runs to be recorded");
        // Stopping waits for running jobs, so any duplicate firing would be recorded by now.
        await first.StopAsync();
        await second.StopAsync();

        Assert.Equal(Triggers, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job = 'stale-workers' AND outcome = 'succeeded'"));
        Assert.Equal(Triggers, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs"));
    }

    [Fact]
    public async Task AFailingJob_IsRecordedAsFailedWithItsMessage_AndTheSchedulerKeepsRunning()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var host = await JobHosts.StartAsync(connectionString);
        var jobs = host.Get<RecurringJobs>();
        var queries = new JobRunQueries(dataSource);
        await TestData.ExecuteAsync(dataSource, "ALTER TABLE workers RENAME TO workers_elsewhere");

        await jobs.TriggerAsync(RecurringJobs.StaleWorkers, CancellationToken.None);
        var failed = await Eventually.WaitAsync(
            async () => (await queries.LastRunsAsync(CancellationToken.None)).FirstOrDefault(r => r.Job == RecurringJobs.StaleWorkers),
            "the failed run to be recorded");
        await TestData.ExecuteAsync(dataSource, "ALTER TABLE workers_elsewhere RENAME TO workers");
        await jobs.TriggerAsync(RecurringJobs.StaleWorkers, CancellationToken.None);
        await Eventually.UntilAsync(
            async () => (await queries.RecentRunsAsync(RecurringJobs.StaleWorkers, 10, CancellationToken.None)).Count == 2,
            "the next run of the same job");

        Assert.Equal(JobOutcome.Failed, failed.Outcome);
        Assert.Contains("workers", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", failed.Message, StringComparison.OrdinalIgnoreCase);
        var latest = (await queries.RecentRunsAsync(RecurringJobs.StaleWorkers, 10, CancellationToken.None))[0];
        Assert.Equal(JobOutcome.Succeeded, latest.Outcome);
        Assert.Null(latest.Message);
    }

    [Fact]
    public async Task Schedules_FireOnBoundariesOfTheirInterval_AndAZeroIntervalLeavesAJobThatOnlyRunsWhenTriggered()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var host = await JobHosts.StartAsync(connectionString, new Dictionary<string, string?>
        {
            // A week-long interval: declared, but its first boundary is far enough away not to fire here.
            ["Soldr:Jobs:Purge:Interval"] = "7.00:00:00",
        });

        var triggers = await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM qrtz_triggers WHERE trigger_name = 'purge'");
        var otherTriggers = await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM qrtz_triggers WHERE trigger_name <> 'purge'");
        var jobs = await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'soldr'");
        var interval = await TestData.ScalarAsync<long>(dataSource, "SELECT repeat_interval FROM qrtz_simple_triggers WHERE trigger_name = 'purge'");
        var nextFire = new DateTimeOffset(await TestData.ScalarAsync<long>(dataSource, "SELECT next_fire_time FROM qrtz_triggers WHERE trigger_name = 'purge'"), TimeSpan.Zero);

        Assert.Equal(1, triggers);
        Assert.Equal(0, otherTriggers);
        Assert.Equal(3, jobs);
        Assert.Equal(TimeSpan.FromDays(7), TimeSpan.FromMilliseconds(interval));
        Assert.Equal(0, nextFire.UtcTicks % TimeSpan.FromDays(7).Ticks);
        Assert.True(nextFire > DateTimeOffset.UtcNow, $"next fire {nextFire:u} is ahead");
        Assert.Equal(
            new DateTimeOffset(2024, 1, 8, 0, 0, 0, TimeSpan.Zero),
            JobSchedule.NextFire(new DateTimeOffset(2024, 1, 3, 15, 4, 5, TimeSpan.Zero), TimeSpan.FromDays(7)));
        Assert.Equal(
            new DateTimeOffset(2024, 1, 3, 15, 10, 0, TimeSpan.Zero),
            JobSchedule.NextFire(new DateTimeOffset(2024, 1, 3, 15, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(10)));
    }

    [Theory]
    [InlineData("Soldr:Jobs:Purge:BatchSize", "0")]
    [InlineData("Soldr:Jobs:Purge:MaxBusyShare", "0")]
    [InlineData("Soldr:Jobs:Purge:MaxBusyShare", "1.5")]
    public async Task ABadJobSetting_StopsTheWorkerAtStartUp_NamingTheKey(string key, string value)
    {
        var connectionString = await servers.CreateDatabaseAsync();
        using var host = JobHosts.Build(connectionString, new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
