using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Soldr.Core.Jobs;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Jobs;

[Collection(ServersCollectionDefinition.Name)]
public sealed class StaleWorkerTests(ServersFixture servers)
{
    [Fact]
    public async Task WorkersWhoseHeartbeatStopped_AreRemoved_AndLiveOnesKept()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 6, 15, 12, 0, 0, TimeSpan.Zero));
        var live = Guid.NewGuid();
        await TestData.ExecuteAsync(dataSource, """
            INSERT INTO workers (id, host, pid, started_at, last_seen_at) VALUES
                (@live, 'a', 1, @start, @recent),
                (@gone, 'b', 2, @start, @old)
            """,
            ("live", live), ("gone", Guid.NewGuid()), ("start", clock.GetUtcNow().AddHours(-1)),
            ("recent", clock.GetUtcNow().AddSeconds(-30)), ("old", clock.GetUtcNow().AddMinutes(-3)));
        var store = new WorkerRegistryStore(dataSource);

        var removed = await store.RemoveStaleAsync(clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var removedLater = await store.RemoveStaleAsync(clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(0, removedLater);
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM workers WHERE id = '{live}'"));
        Assert.Equal(1, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM workers"));
    }
}
