using System.Text.Json;
using Npgsql;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Jobs;

/// <summary>An alert that stays open is announced again on its interval, until it resolves.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class AlertReminderTests(ServersFixture servers)
{
    [Fact]
    public async Task AnOpenAlert_IsAnnouncedAgainOnceItsIntervalHasPassed_AndNoLongerOnceResolved()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var channel = await HttpReceiver.StartAsync(200);
        await TestData.DeclareAsync(dataSource, "orders", "{}", ("http://orders.test/hook", "{}"));
        // Open for two days, announced when it opened.
        await TestData.ExecuteAsync(dataSource, """
            INSERT INTO alerts (destination_id, state, opened_at, reason, failed_deliveries, opened_notified_at)
            SELECT id, 'open', now() - interval '2 days', 'HTTP 503 from the destination', 4, now() - interval '2 days' FROM destinations
            """);
        Task<long> ReminderRunsAsync() => TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM job_runs WHERE job = 'alert-reminders'");
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString, new Dictionary<string, string?>
        {
            ["Soldr:Alerts:WebhookUrl"] = channel.Url + "alerts",
            ["Soldr:Jobs:AlertReminders:Schedule"] = "00:00:01",
            // The resolution below is written straight to the table, which wakes no notifier: it looks every second.
            ["Soldr:Alerts:RetryInterval"] = "00:00:01",
        });

        await Eventually.UntilAsync(() => channel.Received.Count == 1, "the reminder");
        // Three more passes of the job: the alert was announced just now, so none of them reminds again.
        var runs = await ReminderRunsAsync();
        await Eventually.UntilAsync(async () => await ReminderRunsAsync() >= runs + 3, "three more passes");
        Assert.Single(channel.Received);

        await TestData.ExecuteAsync(dataSource, "UPDATE alerts SET reminded_at = now() - interval '25 hours'");
        await Eventually.UntilAsync(() => channel.Received.Count == 2, "the second reminder");
        await TestData.ExecuteAsync(dataSource, "UPDATE alerts SET state = 'resolved', resolved_at = now(), reminded_at = now() - interval '25 hours'");
        await Eventually.UntilAsync(() => channel.Received.Count == 3, "the resolution");
        runs = await ReminderRunsAsync();
        await Eventually.UntilAsync(async () => await ReminderRunsAsync() >= runs + 3, "three more passes");

        var notices = channel.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alert")).ToList();
        Assert.Equal(["open", "open", "resolved"], notices.Select(n => n.GetProperty("state").GetString()));
        var text = JsonDocument.Parse(channel.Received.First().Body).RootElement.GetProperty("text").GetString();
        Assert.Contains("still open", text, StringComparison.Ordinal);
        Assert.Contains("4 deliveries failed since (first: HTTP 503 from the destination)", text, StringComparison.Ordinal);
        Assert.Equal(3, channel.Received.Count);
    }
}
