using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Deliveries;
using Soldr.Core.Requests;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Core;

/// <summary>
/// What a claim takes first: while some destinations are left out of it, the others take turns; a webhook's
/// priority puts high ahead of what fell due up to a minute earlier, low a minute behind.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class ClaimOrderTests(ServersFixture servers)
{
    private static readonly DeliveryPolicies Policies = new(Options.Create(new DeliveryOptions()));

    [Theory]
    [InlineData("high", "normal", 30, 1)]
    [InlineData("normal", "low", 1, 30)]
    public async Task TheClaim_TakesTheHigherPriorityFirst_ThoughItFellDueLater(string first, string second, int firstDueSecondsAgo, int secondDueSecondsAgo)
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await TestData.DeclareAsync(dataSource, "first", $$"""{"priority":"{{first}}"}""", ("http://first.test/", "{}"));
        await TestData.DeclareAsync(dataSource, "second", $$"""{"priority":"{{second}}"}""", ("http://second.test/", "{}"));
        var store = new RequestStore(dataSource);
        await store.SaveBatchAsync([TestData.Incoming("first"), TestData.Incoming("second")], CancellationToken.None);
        await TestData.ExecuteAsync(dataSource, """
            UPDATE deliveries d SET next_attempt_at = now() - make_interval(secs => CASE WHEN t.url LIKE '%first%' THEN @first ELSE @second END)
            FROM destinations t WHERE t.id = d.destination_id
            """, ("first", (double)firstDueSecondsAgo), ("second", (double)secondDueSecondsAgo));

        // Some other destination's line is full: the worker is behind, and priorities order its claims.
        var claims = new DeliveryStore(dataSource, Policies, TimeProvider.System);
        var claimed = await claims.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [long.MaxValue], CancellationToken.None);

        Assert.Equal("first", Assert.Single(claimed).WebhookName);
        Assert.Equal("second", Assert.Single(await claims.ClaimDueAsync(1, TimeSpan.FromMinutes(1), [long.MaxValue], CancellationToken.None)).WebhookName);
    }

    [Fact]
    public async Task WithoutPriorities_TheEarliestDueGoesFirst()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await TestData.DeclareAsync(dataSource, "later", "{}", ("http://later.test/", "{}"));
        await TestData.DeclareAsync(dataSource, "earlier", "{}", ("http://earlier.test/", "{}"));
        await new RequestStore(dataSource).SaveBatchAsync([TestData.Incoming("later"), TestData.Incoming("earlier")], CancellationToken.None);
        await TestData.ExecuteAsync(dataSource, """
            UPDATE deliveries d SET next_attempt_at = now() - CASE WHEN t.url LIKE '%earlier%' THEN interval '2 seconds' ELSE interval '1 second' END
            FROM destinations t WHERE t.id = d.destination_id
            """);

        var claimed = await new DeliveryStore(dataSource, Policies, TimeProvider.System).ClaimDueAsync(1, TimeSpan.FromMinutes(1), [], CancellationToken.None);

        Assert.Equal("earlier", Assert.Single(claimed).WebhookName);
    }

    [Fact]
    public async Task BesideAFullLine_TheOtherDestinationsTakeTurns_SoABacklogDoesNotFillTheClaim()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        await TestData.DeclareAsync(dataSource, "backlog", "{}", ("http://backlog.test/", "{}"));
        await TestData.DeclareAsync(dataSource, "fresh", "{}", ("http://fresh.test/", "{}"));
        var store = new RequestStore(dataSource);
        await store.SaveBatchAsync([.. Enumerable.Range(0, 5).Select(_ => TestData.Incoming("backlog"))], CancellationToken.None);
        await store.SaveBatchAsync([TestData.Incoming("fresh")], CancellationToken.None);
        await TestData.ExecuteAsync(dataSource, """
            UPDATE deliveries d SET next_attempt_at = now() - CASE WHEN t.url LIKE '%backlog%' THEN interval '1 minute' ELSE interval '1 second' END
            FROM destinations t WHERE t.id = d.destination_id
            """);
        var claims = new DeliveryStore(dataSource, Policies, TimeProvider.System);

        var inTimeOrder = await claims.ClaimDueAsync(2, TimeSpan.FromMinutes(1), [], CancellationToken.None);
        // Some other destination's line is full: the claim leaves it out, and the rest take turns.
        var inTurns = await claims.ClaimDueAsync(2, TimeSpan.FromMinutes(1), [long.MaxValue], CancellationToken.None);

        Assert.Equal(["backlog", "backlog"], inTimeOrder.Select(w => w.WebhookName));
        Assert.Equal(["backlog", "fresh"], inTurns.Select(w => w.WebhookName).Order());
    }
}
