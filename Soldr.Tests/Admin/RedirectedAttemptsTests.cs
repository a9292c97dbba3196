using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>An edit can send a delivery elsewhere; what happens there is recorded where it happened, and only there.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class RedirectedAttemptsTests(ServersFixture servers)
{
    [Fact]
    public async Task ADestinationUrlEdit_DeliversToTheNewUrl_RecordsIt_AndLeavesTheDestinationsHealthAndAlertAsTheyWere()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var broken = await HttpReceiver.StartAsync(500);
        await using var elsewhere = await HttpReceiver.StartAsync(200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var settings = new WebhookSettings { Retry = new RetrySettings { MaxAttempts = 1 } };
        await api.CreateWebhookAsync(new WebhookInput("shop", true, settings, [new DestinationInput(broken.Url + "hook")]));
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        var failed = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "failed" } r ? r : null, "the delivery to fail");
        await Eventually.UntilAsync(async () => (await api.ListAlertsAsync("open")).Items.Count == 1, "the destination's alert");
        var delivery = failed.Deliveries.Single();
        Assert.Equal($"{broken.Url}hook/orders/7?id=1", delivery.Attempts.Single().Url);

        await api.EditRequestAsync(id, new RequestEdit(
            DestinationUrl: elsewhere.Url + "rescue", DeliveryId: delivery.Id, Resend: new DeliverySelection(DeliveryIds: [delivery.Id])));

        var rescued = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "succeeded" } r ? r : null, "the redirected re-send");
        Assert.Equal("/rescue/orders/7?id=1", Assert.Single(elsewhere.Received).PathAndQuery);
        Assert.Single(broken.Received);
        var attempts = rescued.Deliveries.Single().Attempts.OrderBy(a => a.Number).ToList();
        Assert.Equal([$"{broken.Url}hook/orders/7?id=1", $"{elsewhere.Url}rescue/orders/7?id=1"], attempts.Select(a => a.Url));

        // The destination itself still fails: its health and its alert say so.
        var destination = (await api.GetWebhookAsync("shop")).Destinations.Single();
        Assert.Equal("failing", destination.Health);
        Assert.NotEqual(200, destination.LastStatusCode);
        Assert.True(destination.AlertOpen);
        Assert.Single((await api.ListAlertsAsync("open")).Items);
    }
}
