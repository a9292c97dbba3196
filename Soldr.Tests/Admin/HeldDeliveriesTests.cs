using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Core.Jobs;
using Soldr.Core.Requests;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>Disabled means held, never discarded: what a disabled webhook or destination receives waits, and goes out when enabled.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class HeldDeliveriesTests(ServersFixture servers)
{
    // One send at a time to a destination, so the order they arrive in is the order they were claimed in.
    private static readonly Dictionary<string, string?> OneAtATime = new() { ["Soldr:Worker:MaxConcurrencyPerDestination"] = "1" };

    [Fact]
    public async Task RequestsForADisabledWebhook_AreHeld_AndDeliveredInTheOrderReceived_WhenItIsEnabledAgain()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await api.CreateWebhookAsync(new WebhookInput("shop", Enabled: false, null, [new DestinationInput(receiver.Url + "hook")]));
        await api.CreateWebhookAsync(new WebhookInput("canary", Enabled: true, null, [new DestinationInput(receiver.Url + "canary")]));
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString, OneAtATime);

        var held = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            held.Add(await SaveAsync(dataSource, "shop", $$"""{"n":{{i}}}"""));
        }

        // A request to an enabled webhook saved after them is delivered: the worker has looked at the queue since.
        await SaveAsync(dataSource, "canary", "{}");
        await Eventually.UntilAsync(() => receiver.Received.Count == 1, "the canary's delivery");

        Assert.Equal("/canary/orders", Assert.Single(receiver.Received).PathAndQuery);
        Assert.Equal(5, (await api.GetWebhookAsync("shop")).Destinations.Single().Held);
        foreach (var id in held)
        {
            var request = await api.GetRequestAsync(id);
            Assert.Equal("held", request.Outcome);
            Assert.Equal("held", request.Deliveries.Single().State);
        }

        await api.UpdateWebhookAsync("shop", new WebhookInput("shop", Enabled: true, null, [new DestinationInput(receiver.Url + "hook")]));

        await Eventually.UntilAsync(() => receiver.Received.Count == 6, "the held deliveries");
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $$"""{"n":{{i}}}"""),
            receiver.Received.Skip(1).Select(r => r.BodyText));
        Assert.Equal(0, (await api.GetWebhookAsync("shop")).Destinations.Single().Held);
        Assert.Contains("5 held deliveries released", (await api.ListAuditAsync()).Items[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisabledDestination_HoldsItsDeliveries_WhileTheWebhooksOtherDestinationsReceiveTheirs()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var on = await HttpReceiver.StartAsync(200);
        await using var off = await HttpReceiver.StartAsync(200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var destinations = new[] { new DestinationInput(on.Url + "on"), new DestinationInput(off.Url + "off", Enabled: false) };
        await api.CreateWebhookAsync(new WebhookInput("shop", true, null, destinations));
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);

        var id = await SaveAsync(dataSource, "shop", "{}");
        var request = await Eventually.WaitAsync(
            async () => await api.GetRequestAsync(id) is { Outcome: not "pending" } r ? r : null, "the enabled destination's delivery to be recorded");

        Assert.Equal("held", request.Outcome);
        Assert.Equal("succeeded", request.Deliveries.Single(d => d.Destination.EndsWith("/on", StringComparison.Ordinal)).State);
        Assert.Equal("held", request.Deliveries.Single(d => d.Destination.EndsWith("/off", StringComparison.Ordinal)).State);
        Assert.Empty(off.Received);

        await api.UpdateWebhookAsync("shop", new WebhookInput("shop", true, null, [destinations[0], destinations[1] with { Enabled = true }]));

        await Eventually.UntilAsync(() => off.Received.Count == 1, "the held delivery once its destination is enabled");
        Assert.Equal("succeeded", (await api.GetRequestAsync(id)).Outcome);
    }

    [Fact]
    public async Task ARetryDue_WhenItsDestinationIsDisabled_IsHeldInsteadOfSent()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(503, 200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var destination = new DestinationInput(receiver.Url + "hook");
        var settings = new Soldr.Client.Contracts.WebhookSettings { Retry = new() { FirstDelay = TimeSpan.FromSeconds(2) } };
        await api.CreateWebhookAsync(new WebhookInput("shop", true, settings, [destination]));
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        var id = await SaveAsync(dataSource, "shop", "{}");
        await Eventually.UntilAsync(() => receiver.Received.Count == 1, "the first, failed attempt");
        await Eventually.UntilAsync(async () => (await api.GetRequestAsync(id)).Deliveries.Single().Attempts.Count == 1, "the attempt to be recorded");

        await api.UpdateWebhookAsync("shop", new WebhookInput("shop", true, settings, [destination with { Enabled = false }]));

        Assert.Equal("held", (await api.GetRequestAsync(id)).Deliveries.Single().State);
        // The retry was due two seconds after the first attempt; a canary saved after that point is delivered
        // first by a worker that has since claimed, and the held retry is still not sent.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await using var canaryReceiver = await HttpReceiver.StartAsync(200);
        await api.CreateWebhookAsync(new WebhookInput("canary", true, null, [new DestinationInput(canaryReceiver.Url + "c")]));
        await SaveAsync(dataSource, "canary", "{}");
        await Eventually.UntilAsync(() => canaryReceiver.Received.Count == 1, "the canary");
        Assert.Single(receiver.Received);
        Assert.Equal("held", (await api.GetRequestAsync(id)).Deliveries.Single().State);
    }

    [Fact]
    public async Task TheRetentionPurge_NeverDeletesARequestWhoseDeliveryIsHeld()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://a.test/hook", "{}"));
        await TestData.ExecuteAsync(dataSource, "UPDATE webhooks SET enabled = false");
        var id = await SaveAsync(dataSource, "shop", "{}");
        await TestData.ExecuteAsync(dataSource, "UPDATE requests SET received_at = now() - interval '400 days'");

        var purged = await new PurgeStore(dataSource, TimeProvider.System)
            .PurgeAsync(new RetentionOptions(), batchSize: 100, maxBusyShare: 1, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(0, purged.Requests);
        Assert.Equal("held", await TestData.ScalarAsync<string>(dataSource, "SELECT state FROM deliveries WHERE request_id = @id", ("id", id)));
    }

    /// <summary>Saves and routes a request as ingest does.</summary>
    private static async Task<Guid> SaveAsync(NpgsqlDataSource dataSource, string webhook, string body)
    {
        var request = new IncomingRequest(
            Guid.CreateVersion7(), webhook, DateTimeOffset.UtcNow, "POST", "/orders", string.Empty,
            [new("Content-Type", "application/json")], System.Text.Encoding.UTF8.GetBytes(body), "203.0.113.9", null, null, "https");
        await new RequestStore(dataSource).SaveBatchAsync([request], CancellationToken.None);
        return request.Id;
    }
}
