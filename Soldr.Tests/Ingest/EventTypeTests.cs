using System.Net;
using System.Text;
using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>Each request's event type is read where its webhook says, stored, shown and filterable.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class EventTypeTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task TheEventType_IsReadFromAHeaderOrAJsonPath_AndTheListFiltersOnIt()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Webhooks:github:EventType:Header"] = "X-GitHub-Event",
            ["Soldr:Webhooks:github:Destinations:0:Url"] = "http://127.0.0.1:9/",
            ["Soldr:Webhooks:stripe:EventType:JsonPath"] = "$.type",
            ["Soldr:Webhooks:stripe:Destinations:0:Url"] = "http://127.0.0.1:9/",
        });

        var push = await SendAsync(ingest, "github", "{}", ("X-GitHub-Event", "push"));
        var issue = await SendAsync(ingest, "github", "{}", ("X-GitHub-Event", "issues"));
        var untyped = await SendAsync(ingest, "github", "{}");
        var charge = await SendAsync(ingest, "stripe", """{"id":"evt_1","type":"charge.succeeded"}""");
        var notJson = await SendAsync(ingest, "stripe", "type=charge.succeeded");
        var longType = await SendAsync(ingest, "github", "{}", ("X-GitHub-Event", new string('x', 300)));

        await using var dataSource = NpgsqlDataSource.Create(database);
        async Task<string?> TypeOf(Guid id) =>
            await TestData.ScalarAsync<object>(dataSource, $"SELECT event_type FROM requests WHERE id = '{id}'") as string;
        string?[] expected = ["push", "issues", null, "charge.succeeded", null, new string('x', 200)];
        string?[] stored = [await TypeOf(push), await TypeOf(issue), await TypeOf(untyped), await TypeOf(charge), await TypeOf(notJson), await TypeOf(longType)];
        Assert.Equal(expected.Select(t => t ?? "(none)"), stored.Select(t => t ?? "(none)"));

        await using var admin = await AdminHost.StartAsync(database, servers.RedisConnectionString);
        var api = admin.Client();
        var pushes = await api.ListRequestsAsync(new RequestFilter(EventType: "push"));
        Assert.Equal([push], pushes.Items.Select(r => r.Id));
        Assert.Equal("push", pushes.Items[0].EventType);
        Assert.Equal("charge.succeeded", (await api.GetRequestAsync(charge)).EventType);

        // A bulk action limited to a type keeps that limit: the re-send records it, the cancellation applies it.
        var resend = await api.ResendManyAsync(new BulkResend("all", Webhook: "github", EventType: "issues"));
        Assert.Equal("issues", resend.Filter.EventType);
        Assert.Contains("eventType=issues", resend.Description, StringComparison.Ordinal);
        var cancelled = await api.CancelManyAsync(new RequestFilter(EventType: "push"));
        Assert.Equal(1, cancelled.Requests);
    }

    public void Dispose() => _spool.Dispose();

    private static async Task<Guid> SendAsync(IngestHost ingest, string webhook, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/w/{webhook}/") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await ingest.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await SavedRequests.ReceiptAsync(response);
    }
}
