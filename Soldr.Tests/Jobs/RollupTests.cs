using Npgsql;
using Soldr.Core.Jobs;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Jobs;

[Collection(ServersCollectionDefinition.Name)]
public sealed class RollupTests(ServersFixture servers)
{
    private static readonly DateTimeOffset Now = new(2030, 6, 15, 12, 30, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute) => new(2030, 6, 15, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Rollup_CountsEachWebhookByHour_TheSameWhenRunTwice_AndTheCountsOutliveThePurge()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var shop = await JobData.WebhookAsync(dataSource, "shop");
        var succeeded = await JobData.DeliveryAsync(dataSource, await JobData.RequestAsync(dataSource, "shop", At(10, 15)), shop, "succeeded", At(11, 5));
        await JobData.AttemptAsync(dataSource, succeeded, 1, At(10, 15));
        await JobData.AttemptAsync(dataSource, succeeded, 2, At(10, 45));
        var failed = await JobData.DeliveryAsync(dataSource, await JobData.RequestAsync(dataSource, "shop", At(10, 20)), shop, "failed", At(12, 10));
        await JobData.AttemptAsync(dataSource, failed, 1, At(10, 20));
        await JobData.AttemptAsync(dataSource, failed, 2, At(11, 30));
        await JobData.AttemptAsync(dataSource, failed, 3, At(12, 5));
        await JobData.DeliveryAsync(dataSource, await JobData.RequestAsync(dataSource, "shop", At(10, 25)), shop, "pending");
        await JobData.RequestAsync(dataSource, "ghost", At(11, 20), state: "unroutable");
        await JobData.RequestAsync(dataSource, "ghost", At(11, 40), state: "unroutable");
        // Before the look-back window (09:00 onwards): left alone.
        await JobData.RequestAsync(dataSource, "shop", At(8, 30));
        var store = new MetricsRollupStore(dataSource);
        HourlyRow[] expected =
        [
            new("ghost", At(11, 0), Received: 2, Succeeded: 0, Failed: 0, Retried: 0, Unroutable: 2),
            new("shop", At(10, 0), Received: 3, Succeeded: 0, Failed: 0, Retried: 1, Unroutable: 0),
            new("shop", At(11, 0), Received: 0, Succeeded: 1, Failed: 0, Retried: 1, Unroutable: 0),
            new("shop", At(12, 0), Received: 0, Succeeded: 0, Failed: 1, Retried: 1, Unroutable: 0),
        ];

        await store.RollUpAsync(Now, TimeSpan.FromHours(3), CancellationToken.None);
        var first = await ReadAsync(dataSource);
        await store.RollUpAsync(Now, TimeSpan.FromHours(3), CancellationToken.None);
        var second = await ReadAsync(dataSource);
        await new PurgeStore(dataSource, TimeProvider.System).PurgeAsync(new RetentionOptions(), 1000, maxBusyShare: 1.0, Now.AddDays(90), CancellationToken.None);
        await store.RollUpAsync(Now.AddDays(90), TimeSpan.FromHours(3), CancellationToken.None);
        var afterPurge = await ReadAsync(dataSource);

        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
        // Only the request still waiting on its pending delivery survives the purge.
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM requests"));
        Assert.Equal(expected, afterPurge);
    }

    [Fact]
    public async Task Rollup_CorrectsAnHourWhoseCountsChanged()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var shop = await JobData.WebhookAsync(dataSource, "shop");
        var request = await JobData.RequestAsync(dataSource, "shop", At(11, 0));
        var delivery = await JobData.DeliveryAsync(dataSource, request, shop, "failed", At(11, 10));
        var store = new MetricsRollupStore(dataSource);
        await store.RollUpAsync(Now, TimeSpan.FromHours(3), CancellationToken.None);

        // Re-sent and delivered in the next hour: the failure no longer belongs to 11:00.
        await TestData.ExecuteAsync(dataSource, "UPDATE deliveries SET state = 'succeeded', completed_at = @at WHERE id = @id",
            ("at", At(12, 20)), ("id", delivery));
        await store.RollUpAsync(Now, TimeSpan.FromHours(3), CancellationToken.None);

        Assert.Equal(
            [
                new HourlyRow("shop", At(11, 0), Received: 1, Succeeded: 0, Failed: 0, Retried: 0, Unroutable: 0),
                new HourlyRow("shop", At(12, 0), Received: 0, Succeeded: 1, Failed: 0, Retried: 0, Unroutable: 0),
            ],
            await ReadAsync(dataSource));
    }

    private static async Task<List<HourlyRow>> ReadAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT webhook_name, hour, received, succeeded, failed, retried, unroutable
            FROM hourly_metrics ORDER BY webhook_name, hour
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<HourlyRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new HourlyRow(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        }

        return rows;
    }

    private sealed record HourlyRow(string Webhook, DateTimeOffset Hour, long Received, long Succeeded, long Failed, long Retried, long Unroutable);
}
