using System.Net;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

[Collection(ServersCollectionDefinition.Name)]
public sealed class RequestsApiTests(ServersFixture servers)
{
    [Fact]
    public async Task TheClientsTimeFilter_KeepsItsFractions_SoItPicksExactlyTheRequestsInRange()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body)
            SELECT gen_random_uuid(), 'shop', timestamptz '2026-01-01 10:00:00Z' + n * interval '100 microseconds', 'POST', '/', '[]', '\x7b7d'
            FROM generate_series(1, 3) AS n
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var from = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero).AddMicroseconds(200);

        var page = await admin.Client().ListRequestsAsync(new RequestFilter(From: from, To: from.AddMicroseconds(100)));

        var only = Assert.Single(page.Items);
        Assert.Equal(from, only.ReceivedAt);

        // The same instants written with another offset pick the same request.
        var elsewhere = TimeSpan.FromHours(2);
        var samePage = await admin.Client().ListRequestsAsync(
            new RequestFilter(From: from.ToOffset(elsewhere), To: from.AddMicroseconds(100).ToOffset(elsewhere)));
        Assert.Equal(only.Id, Assert.Single(samePage.Items).Id);
    }

    [Fact]
    public async Task Requests_AreListedNewestFirst_InPagesThatFollowTheCursor_AndFiltered()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO requests (id, webhook_name, received_at, method, path, headers, body)
            SELECT gen_random_uuid(), CASE WHEN n % 3 = 0 THEN 'other' ELSE 'shop' END, now() - n * interval '1 second', 'POST', '/', '[]', '\x7b7d'
            FROM generate_series(1, 120) AS n
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var seen = new List<RequestSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.ListRequestsAsync(cursor: cursor);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(120, seen.Select(r => r.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(r => r.ReceivedAt).Select(r => r.Id), seen.Select(r => r.Id));
        Assert.All(seen, r => Assert.Equal("received", r.Outcome));

        var other = await api.ListRequestsAsync(new RequestFilter(Webhook: "other"), limit: 200);
        Assert.Equal(40, other.Items.Count);
        Assert.Null(other.NextCursor);

        var badCursor = await Assert.ThrowsAsync<SoldrApiException>(() => api.ListRequestsAsync(cursor: "not-a-cursor"));
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.Status);
        Assert.Contains("cursor", badCursor.Errors.Keys);
        var badOutcome = await Assert.ThrowsAsync<SoldrApiException>(() => api.ListRequestsAsync(new RequestFilter(Outcome: "lost")));
        Assert.Contains("outcome", badOutcome.Errors.Keys);
    }

    [Fact]
    public async Task AnEdit_AddsARevision_KeepsTheOriginal_AndIsAudited_ButNotWhileADeliveryIsInFlight()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://a.test/hook", "{}"));
        var id = await TestData.SaveRequestAsync(dataSource, "shop", """{"n":1}""");
        await using (var delivery = dataSource.CreateCommand("""
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at)
            SELECT gen_random_uuid(), @id, id, now() + interval '1 hour', now() FROM destinations
            """))
        {
            delivery.Parameters.AddWithValue("id", id);
            await delivery.ExecuteNonQueryAsync();
        }

        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();

        var edited = await api.EditRequestAsync(id, new RequestEdit(Body: """{"n":2}""", DestinationUrl: "http://b.test/hook"));

        Assert.Equal("""{"n":1}""", edited.Body);
        var revision = Assert.Single(edited.Revisions);
        Assert.Equal(1, revision.Number);
        Assert.Equal("""{"n":2}""", revision.Body);
        Assert.Equal("POST", revision.Method);
        Assert.Equal("http://b.test/hook", revision.DestinationUrl);
        var audit = (await api.ListAuditAsync()).Items[0];
        Assert.Equal(("request.edited", id.ToString()), (audit.Action, audit.Subject));

        await using (var lease = dataSource.CreateCommand("UPDATE deliveries SET locked_until = now() + interval '1 minute', lease = gen_random_uuid()"))
        {
            await lease.ExecuteNonQueryAsync();
        }

        var conflict = await Assert.ThrowsAsync<SoldrApiException>(() => api.EditRequestAsync(id, new RequestEdit(Body: "{}")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.True((await api.GetRequestAsync(id)).Deliveries.Single().InFlight);
        Assert.Single((await api.GetRequestAsync(id)).Revisions);
    }

    [Fact]
    public async Task AFailedRequest_ResentThroughTheApi_AfterAnEdit_ReachesTheReceiverWithTheEditedBody()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(500, 200);
        await TestData.DeclareAsync(dataSource, "shop", """{"retry":{"maxAttempts":1}}""", (receiver.Url.ToString(), "{}"));
        var id = await TestData.SaveRequestAsync(dataSource, "shop", """{"v":"original"}""");
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();

        var failed = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "failed" } r ? r : null, "the only attempt to fail");
        Assert.Equal(500, failed.Deliveries.Single().Attempts.Single().StatusCode);

        var edited = await api.EditRequestAsync(id, new RequestEdit(Body: """{"v":"edited"}""", Resend: new DeliverySelection(All: true)));
        // Queued again, not failed; the worker may have delivered it before the answer was read.
        Assert.True(edited.Outcome is "pending" or "succeeded", edited.Outcome);

        var done = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "succeeded" } r ? r : null, "the re-send to succeed");
        var attempts = done.Deliveries.Single().Attempts;
        Assert.Equal([(1, 0, 500), (2, 1, 200)], attempts.Select(a => (a.Number, a.Revision, a.StatusCode ?? 0)));
        Assert.Equal(["""{"v":"original"}""", """{"v":"edited"}"""], receiver.Received.Select(r => r.BodyText));

        // A plain re-send of a succeeded request sends it once more, the latest revision again.
        Assert.Equal(1, (await api.ResendAsync(id, new DeliverySelection(All: true))).Queued);
        await Eventually.UntilAsync(() => receiver.Received.Count == 3, "the second re-send");
        Assert.Equal("""{"v":"edited"}""", receiver.Received.Last().BodyText);
        Assert.Contains((await api.ListAuditAsync()).Items, e => e.Action == "request.resent");
    }

    [Fact]
    public async Task ABulkResend_QueuesTheMatchingRequestsOnly_AndSaysHowMany()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://a.test/hook", "{}"));
        for (var i = 0; i < 3; i++)
        {
            var id = await TestData.SaveRequestAsync(dataSource, "shop");
            await using var delivery = dataSource.CreateCommand("""
                UPDATE requests SET state = 'routed' WHERE id = @id;
                INSERT INTO deliveries (id, request_id, destination_id, state, attempt_count, next_attempt_at, created_at, completed_at, last_status_code)
                SELECT gen_random_uuid(), @id, id, @state, 1, now(), now(), now(), @status FROM destinations
                """);
            delivery.Parameters.AddWithValue("id", id);
            delivery.Parameters.AddWithValue("state", i == 0 ? "succeeded" : "failed");
            delivery.Parameters.AddWithValue("status", i == 0 ? 200 : 503);
            await delivery.ExecuteNonQueryAsync();
        }

        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        Assert.Equal(2, (await api.ListRequestsAsync(new RequestFilter(Status: 503))).Items.Count);

        using var jobs = await Jobs.JobHosts.StartAsync(connectionString);
        var result = await Jobs.Resends.FinishedAsync(api, await api.ResendManyAsync(new BulkResend("failed", Webhook: "shop", Outcome: "failed")));

        Assert.Equal(2, result.Queued);
        Assert.Equal(2L, await TestData.ScalarAsync<long>(dataSource, "SELECT count(*) FROM deliveries WHERE state = 'pending' AND attempt_base = 1"));
        Assert.Equal("requests.resent", (await api.ListAuditAsync()).Items[0].Action);
    }
}
