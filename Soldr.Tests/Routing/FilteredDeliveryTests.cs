using Npgsql;
using Soldr.Core.Requests;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Routing;

/// <summary>Destination filters, applied by the workers that claim the deliveries: only matching events are sent.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class FilteredDeliveryTests(ServersFixture servers)
{
    [Fact]
    public async Task TwoWorkers_SendEachDestinationOnlyWhatItsFilterTakes_AndRecordTheRestAsFilteredWithTheReason()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var pushes = await HttpReceiver.StartAsync(200);
        await using var opened = await HttpReceiver.StartAsync(200);
        await TestData.DeclareAsync(
            dataSource,
            "github",
            """{"eventType":{"header":"X-GitHub-Event"}}""",
            (pushes.Url.ToString(), """{"filter":{"eventTypes":["push"]}}"""),
            (opened.Url.ToString(), """{"filter":{"eventTypes":["!push"],"body":[{"path":"$.action","value":"opened"}]}}"""));
        var store = new RequestStore(dataSource);
        IncomingRequest Request(string? type, string body) => TestData.Incoming("github", body) with { EventType = type };
        var requests = new[]
        {
            Request("push", """{"ref":"main"}"""),
            Request("issues", """{"action":"opened"}"""),
            Request("issues", """{"action":"closed"}"""),
            Request("pull_request", """{"action":"opened"}"""),
            Request(null, """{"action":"opened"}"""),
        };
        await store.SaveBatchAsync(requests, CancellationToken.None);

        await using var one = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        await using var two = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        await Eventually.UntilAsync(
            async () => await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries WHERE completed_at IS NULL") == 0,
            "every delivery to be sent or filtered");

        Assert.Equal(["""{"ref":"main"}"""], pushes.Received.Select(r => r.BodyText));
        Assert.Equal(
            ["""{"action":"opened"}""", """{"action":"opened"}""", """{"action":"opened"}"""],
            opened.Received.Select(r => r.BodyText));
        var filtered = await TestData.RowsAsync(
            dataSource,
            """
            SELECT r.event_type, d.filtered_reason, d.attempt_count, (SELECT count(*) FROM attempts a WHERE a.delivery_id = d.id)
            FROM deliveries d JOIN requests r ON r.id = d.request_id
            WHERE d.state = 'filtered'
            ORDER BY 2, 1
            """,
            r => (r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3)));
        Assert.Equal(
            [
                ("issues", "$.action is closed, not opened", 0, 0L),
                ("issues", "event type issues matches none of push", 0, 0L),
                ("issues", "event type issues matches none of push", 0, 0L),
                ("pull_request", "event type pull_request matches none of push", 0, 0L),
                ("push", "event type push is excluded by !push", 0, 0L),
                (null, "the request has no event type, and the filter takes only push", 0, 0L),
            ],
            filtered);

        // The closed issue went nowhere: its outcome says so, and its page says why.
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var closed = await admin.Client().GetRequestAsync(requests[2].Id);
        Assert.Equal("filtered", closed.Outcome);
        Assert.All(closed.Deliveries, d => Assert.Equal("filtered", d.State));
        Assert.Contains(closed.Deliveries, d => d.FilteredReason == "$.action is closed, not opened");
        Assert.Equal("succeeded", (await admin.Client().GetRequestAsync(requests[0].Id)).Outcome);
    }
}
