using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>Whatever is sent to the management API, a bad request gets a 400 that names what is wrong, and changes nothing.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class ApiInputTests(ServersFixture servers)
{
    [Fact]
    public async Task AnUnknownMember_IsAnErrorNamingIt_AndCreatesNothing()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = admin.Http();

        var errors = await ErrorsAsync(await http.PostAsync("api/webhooks", Json("""{"name":"shop","destinatons":[{"url":"http://a.test/"}]}""")));
        var nested = await ErrorsAsync(await http.PostAsync("api/webhooks", Json("""{"name":"shop","destinations":[{"url":"http://a.test/","enabeld":false}]}""")));

        Assert.Contains("'destinatons' is not a known field", Assert.Single(errors["destinatons"]), StringComparison.Ordinal);
        Assert.Contains("enabeld", Assert.Single(nested).Key, StringComparison.Ordinal);
        Assert.Empty(await admin.Client().ListWebhooksAsync());
    }

    [Theory]
    [InlineData("""{"name": "shop",,}""", "body", "line 1")]
    [InlineData("{\n  \"name\": \"shop\"\n  \"enabled\": true\n}", "body", "line 3")]
    [InlineData("""{"name":"shop","settings":{"timeout":"soon"}}""", "settings.timeout", "duration")]
    [InlineData("""{"name":"shop","enabled":"yes"}""", "enabled", "type this field takes")]
    [InlineData("""{"name":"shop","settings":{"retry":{"maxAttempts":"many"}}}""", "settings.retry.maxAttempts", "whole number")]
    [InlineData("null", "body", "JSON object")]
    [InlineData("", "body", "JSON object")]
    public async Task AMalformedBody_Gets400_NamingTheFieldOrThePosition(string body, string field, string said)
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = admin.Http();

        var errors = await ErrorsAsync(await http.PostAsync("api/webhooks", Json(body)));

        Assert.Contains(said, Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/requests?limit=abc", "limit")]
    [InlineData("api/requests?limit=0", "limit")]
    [InlineData("api/requests?from=yesterday", "from")]
    [InlineData("api/requests?status=teapot", "status")]
    [InlineData("api/audit?limit=1000", "limit")]
    [InlineData("api/alerts?limit=-1", "limit")]
    public async Task ABadQueryValue_Gets400_NamingTheParameter(string url, string parameter)
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = admin.Http();

        var errors = await ErrorsAsync(await http.GetAsync(url));

        Assert.Equal([parameter], errors.Keys);
    }

    [Theory]
    [InlineData("X-Note", "a\r\nX-Injected: yes", "headers[0]")]
    [InlineData("X-Note", "a\nb", "headers[0]")]
    [InlineData("X-Note", "nul\0", "headers[0]")]
    [InlineData("X Note", "a", "headers[0]")]
    [InlineData("X-Note:", "a", "headers[0]")]
    [InlineData("", "a", "headers[0]")]
    public async Task AnEditedHeader_ThatCannotBeWrittenAsOneHeaderLine_IsRefused(string name, string value, string field)
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);

        var refused = await Assert.ThrowsAsync<SoldrApiException>(() =>
            admin.Client().EditRequestAsync(id, new RequestEdit(Headers: [[name, value]])));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal([field], refused.Errors.Keys);
        Assert.Empty((await admin.Client().GetRequestAsync(id)).Revisions);
    }

    [Fact]
    public async Task CredentialsInADestinationUrl_AreNeverShownBack_AndAreKeptWhenTheWebhookIsWrittenBack()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        using var http = admin.Http();

        var created = await api.CreateWebhookAsync(new WebhookInput("shop", true, null, [new DestinationInput("https://user:s3cret@a.test/hook")]));
        var shown = await api.GetWebhookAsync("shop");
        await api.UpdateWebhookAsync("shop", new WebhookInput("shop", false, null, [.. shown.Destinations.Select(d => new DestinationInput(d.Url))]));
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        await TestData.ExecuteAsync(dataSource, """
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at, state)
            SELECT gen_random_uuid(), @id, id, now(), now(), 'held' FROM destinations
            """, ("id", id));
        var invented = await Assert.ThrowsAsync<SoldrApiException>(() =>
            api.UpdateWebhookAsync("shop", new WebhookInput("shop", false, null, [new DestinationInput("https://***@b.test/hook")])));

        Assert.Equal("https://***@a.test/hook", created.Destinations.Single().Url);
        Assert.Equal(["destinations[0].url"], invented.Errors.Keys);
        Assert.Equal("https://user:s3cret@a.test/hook", await TestData.ScalarAsync<string>(dataSource, "SELECT url FROM destinations"));
        foreach (var url in new[] { "api/webhooks", "api/webhooks/shop", $"api/requests/{id}", "api/audit", "api/jobs/queue/held" })
        {
            var text = await http.GetStringAsync(url);
            Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("user:", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ASecondWebhookWithTheSameName_Gets409_AndTheFirstStaysAsItWas()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        var api = admin.Client();
        await api.CreateWebhookAsync(new WebhookInput("shop", true, null, [new DestinationInput("http://a.test/")]));

        var taken = await Assert.ThrowsAsync<SoldrApiException>(() =>
            api.CreateWebhookAsync(new WebhookInput("shop", false, null, [new DestinationInput("http://b.test/")])));

        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Contains("'shop' exists already", taken.Detail, StringComparison.Ordinal);
        var kept = await api.GetWebhookAsync("shop");
        Assert.True(kept.Enabled);
        Assert.Equal("http://a.test/", kept.Destinations.Single().Url);
    }

    [Fact]
    public async Task TheAuditLog_SaysWhoActed_WhatChangedBeforeAndAfter_AndHonoursTheLimit()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = admin.Http();
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deploy-script/2.1");
        await http.PostAsJsonAsync("api/webhooks", new WebhookInput("shop", true, null, [new DestinationInput("http://a.test/")]));
        await http.PutAsJsonAsync("api/webhooks/shop", new WebhookInput("shop", false, null, [new DestinationInput("http://b.test/")]));
        await http.PostAsJsonAsync("api/webhooks", new WebhookInput("crm", true, null, []));

        var page = await http.GetFromJsonAsync<Page<AuditEntry>>("api/audit?limit=2", JsonSerializerOptions.Web);

        Assert.Equal(["webhook.created", "webhook.updated"], page!.Items.Select(e => e.Action));
        Assert.NotNull(page.NextCursor);
        var update = page.Items[1];
        Assert.Equal("disabled; destination added: http://b.test/; destination removed: http://a.test/", update.Detail);
        Assert.Contains("127.0.0.1", update.Actor, StringComparison.Ordinal);
        Assert.Contains("deploy-script/2.1", update.Actor, StringComparison.Ordinal);
        Assert.Equal((true, "http://a.test/"), (update.Before!.Value.GetProperty("enabled").GetBoolean(), DestinationUrl(update.Before.Value)));
        Assert.Equal((false, "http://b.test/"), (update.After!.Value.GetProperty("enabled").GetBoolean(), DestinationUrl(update.After.Value)));
    }

    private static string? DestinationUrl(JsonElement webhook) => webhook.GetProperty("destinations")[0].GetProperty("url").GetString();

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
    }
}
