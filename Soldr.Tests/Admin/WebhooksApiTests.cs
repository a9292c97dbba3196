using System.Net;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

[Collection(ServersCollectionDefinition.Name)]
public sealed class WebhooksApiTests(ServersFixture servers)
{
    [Fact]
    public async Task AWebhook_IsCreatedListedUpdatedAndDeleted_WithItsDestinationsMatchedByUrl()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        var api = admin.Client();

        var created = await api.CreateWebhookAsync(new WebhookInput("shop", true, new WebhookSettings { Retry = new RetrySettings { MaxAttempts = 3 } },
            [new DestinationInput("http://a.test/hook"), new DestinationInput("http://b.test/hook")]));
        Assert.Equal(["http://a.test/hook", "http://b.test/hook"], created.Destinations.Select(d => d.Url));
        Assert.All(created.Destinations, d => Assert.Equal("unknown", d.Health));
        Assert.Contains("http://shop.wh.localhost/", created.IngestUrls);
        Assert.Contains("/w/shop/", created.IngestUrls);
        Assert.Equal(3, (await api.GetWebhookAsync("shop")).Settings.Retry!.MaxAttempts);

        var updated = await api.UpdateWebhookAsync("shop", new WebhookInput("shop", false, null,
            [new DestinationInput("http://b.test/hook", Enabled: false), new DestinationInput("http://c.test/hook")]));
        Assert.False(updated.Enabled);
        Assert.Equal(["http://b.test/hook", "http://c.test/hook"], updated.Destinations.Select(d => d.Url));
        Assert.False(updated.Destinations.Single(d => d.Url == "http://b.test/hook").Enabled);
        Assert.Equal(["shop"], (await api.ListWebhooksAsync()).Select(w => w.Name));

        await api.DeleteWebhookAsync("shop");
        var gone = await Assert.ThrowsAsync<SoldrApiException>(() => api.GetWebhookAsync("shop"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(["webhook.deleted", "webhook.updated", "webhook.created"], (await api.ListAuditAsync()).Items.Select(e => e.Action));
    }

    [Fact]
    public async Task ADestinationWithPendingDeliveries_IsDisabledInsteadOfRemoved()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var created = await api.CreateWebhookAsync(new WebhookInput("shop", true, null, [new DestinationInput("http://a.test/hook")]));
        var request = await TestData.SaveRequestAsync(dataSource, "shop");
        await using (var delivery = dataSource.CreateCommand("INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at) VALUES (gen_random_uuid(), @r, @d, now() + interval '1 hour', now())"))
        {
            delivery.Parameters.AddWithValue("r", request);
            delivery.Parameters.AddWithValue("d", created.Destinations[0].Id);
            await delivery.ExecuteNonQueryAsync();
        }

        var updated = await api.UpdateWebhookAsync("shop", new WebhookInput("shop", true, null, []));

        var kept = Assert.Single(updated.Destinations);
        Assert.False(kept.Enabled);
        var refused = await Assert.ThrowsAsync<SoldrApiException>(() => api.DeleteWebhookAsync("shop"));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
    }

    [Fact]
    public async Task AWebhookCreatedWithoutSayingEnabled_IsEnabled_LikeItsDestinations()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = admin.Http();

        using var created = await http.PostAsync("api/webhooks", new StringContent(
            """{"name":"shop","destinations":[{"url":"http://a.test/hook"}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = await admin.Client().GetWebhookAsync("shop");
        Assert.True(webhook.Enabled);
        Assert.True(Assert.Single(webhook.Destinations).Enabled);
    }

    [Fact]
    public async Task InvalidWebhooks_Answer400_NamingEachField()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        var api = admin.Client();

        var problem = await Assert.ThrowsAsync<SoldrApiException>(() => api.CreateWebhookAsync(new WebhookInput(
            "-Bad Name", true, new WebhookSettings { Retry = new RetrySettings { MaxAttempts = 0 } },
            [new DestinationInput("ftp://nowhere"), new DestinationInput("http://ok.test/", Settings: new DestinationSettings { Timeout = TimeSpan.Zero })])));

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Contains("name", problem.Errors.Keys);
        Assert.Contains("settings.retry.maxAttempts", problem.Errors.Keys);
        Assert.Contains("destinations[0].url", problem.Errors.Keys);
        Assert.Contains("destinations[1].settings.timeout", problem.Errors.Keys);
        Assert.Empty(await api.ListWebhooksAsync());
    }
}
