using System.Net;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>Re-sends and cancellations act on the deliveries the operator chose, and say which.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class DeliveryActionsTests(ServersFixture servers)
{
    [Fact]
    public async Task EditAndResend_ToOneDestination_SendsToThatDestinationOnly_NotToOnesThatSucceeded()
    {
        await using var stack = await TwoDestinationsAsync();
        var (dataSource, admin, first, second) = (stack.DataSource, stack.Admin, stack.First, stack.Second);
        var api = admin.Client();
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        var done = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "succeeded" } r ? r : null, "both deliveries");
        var chosen = done.Deliveries.Single(d => d.Destination.Contains("/first", StringComparison.Ordinal));

        await api.EditRequestAsync(id, new RequestEdit(Body: """{"n":2}""", Resend: new DeliverySelection(DeliveryIds: [chosen.Id])));

        await Eventually.UntilAsync(() => first.Received.Count == 2, "the re-send to the chosen destination");
        var after = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "succeeded" } r ? r : null, "the re-send to be recorded");
        Assert.Single(second.Received);
        Assert.Equal("""{"n":2}""", first.Received.Last().BodyText);
        Assert.Equal(1, after.Deliveries.Single(d => d.Id != chosen.Id).AttemptCount);
        var audit = (await api.ListAuditAsync()).Items;
        Assert.Equal("request.resent", audit[0].Action);
        Assert.Contains(chosen.Id.ToString(), audit[0].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Deliveries.Single(d => d.Id != chosen.Id).Id.ToString(), audit[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResend_SaysWhichDeliveries_AndRequiresTheCallerToNameThem()
    {
        await using var stack = await TwoDestinationsAsync();
        var (dataSource, admin, first, second) = (stack.DataSource, stack.Admin, stack.First, stack.Second);
        var api = admin.Client();
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        var done = await Eventually.WaitAsync(async () => await api.GetRequestAsync(id) is { Outcome: "succeeded" } r ? r : null, "both deliveries");
        using var http = admin.Http();

        using var unsaid = await http.PostAsync($"api/requests/{id}/resend", Json("{}"));
        using var noBody = await http.PostAsync($"api/requests/{id}/resend", null);
        var stranger = await Assert.ThrowsAsync<SoldrApiException>(() =>
            api.ResendAsync(id, new DeliverySelection(DeliveryIds: [done.Deliveries[0].Id, Guid.NewGuid()])));

        Assert.Equal(HttpStatusCode.BadRequest, unsaid.StatusCode);
        Assert.Contains("\"all\"", await unsaid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(["deliveryIds[1]"], stranger.Errors.Keys);
        // Nothing was re-sent by the refused calls.
        Assert.Equal(2, (await api.GetRequestAsync(id)).Deliveries.Sum(d => d.AttemptCount));

        var all = await api.ResendAsync(id, new DeliverySelection(All: true));

        Assert.Equal(2, all.Queued);
        Assert.Equal(done.Deliveries.Select(d => d.Id).Order(), all.Deliveries.Select(d => d.DeliveryId).Order());
        Assert.All(all.Deliveries, d => Assert.Equal(("pending", true), (d.State, d.Changed)));
        await Eventually.UntilAsync(() => first.Received.Count == 2 && second.Received.Count == 2, "both re-sends");
    }

    [Fact]
    public async Task ABulkResend_OfFailedDeliveries_LeavesSucceededOnesAlone()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://ok.test/", "{}"), ("http://down.test/", "{}"));
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        await TestData.ExecuteAsync(dataSource, """
            UPDATE requests SET state = 'routed';
            INSERT INTO deliveries (id, request_id, destination_id, state, attempt_count, next_attempt_at, created_at, completed_at)
            SELECT gen_random_uuid(), r.id, t.id, CASE WHEN t.url LIKE '%ok%' THEN 'succeeded' ELSE 'failed' END, 1, now(), now(), now()
            FROM requests r CROSS JOIN destinations t
            """);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        using var jobs = await Jobs.JobHosts.StartAsync(connectionString);
        var api = admin.Client();

        var missing = await Assert.ThrowsAsync<SoldrApiException>(() => api.ResendManyAsync(new BulkResend(Webhook: "shop")));
        var result = await Jobs.Resends.FinishedAsync(api, await api.ResendManyAsync(new BulkResend("failed", Webhook: "shop")));

        Assert.Contains("deliveries", missing.Errors.Keys);
        Assert.Equal(("succeeded", 1L, 1L, 1L), (result.State, result.Queued, result.Processed, result.Total));
        Assert.Equal(
            [("http://down.test/", "pending"), ("http://ok.test/", "succeeded")],
            await TestData.RowsAsync(dataSource, "SELECT t.url, d.state FROM deliveries d JOIN destinations t ON t.id = d.destination_id ORDER BY t.url",
                r => (r.GetString(0), r.GetString(1))));
        Assert.Equal(id.ToString(), (await api.GetRequestAsync(id)).Id.ToString());
    }

    [Fact]
    public async Task PendingDeliveries_CanBeCancelled_OneOrInBulk_AndAreThenNeverSent()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await api.CreateWebhookAsync(new WebhookInput("shop", true, null, [new DestinationInput(receiver.Url + "a"), new DestinationInput(receiver.Url + "b")]));
        var id = await TestData.SaveRequestAsync(dataSource, "shop", """{"n":"cancel me"}""");
        var other = await TestData.SaveRequestAsync(dataSource, "shop", """{"n":"cancel me too"}""");
        // Routed, with deliveries due only in an hour: nothing is sent before the cancellations.
        await TestData.ExecuteAsync(dataSource, """
            UPDATE requests SET state = 'routed';
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at)
            SELECT gen_random_uuid(), r.id, t.id, now() + interval '1 hour', now() FROM requests r CROSS JOIN destinations t
            """);
        var request = await api.GetRequestAsync(id);

        var cancelled = await api.CancelAsync(id, new DeliverySelection(DeliveryIds: [request.Deliveries[0].Id]));
        var bulk = await api.CancelManyAsync(new RequestFilter(Webhook: "shop", Outcome: "pending"));
        var unfiltered = await Assert.ThrowsAsync<SoldrApiException>(() => api.CancelManyAsync(new RequestFilter()));

        Assert.Equal(1, cancelled.Cancelled);
        var only = Assert.Single(cancelled.Deliveries);
        Assert.Equal((request.Deliveries[0].Id, "cancelled", true), (only.DeliveryId, only.State, only.Changed));
        Assert.Equal((3L, 2L), (bulk.Cancelled, bulk.Requests));
        Assert.Equal(HttpStatusCode.BadRequest, unfiltered.Status);
        Assert.Equal("cancelled", (await api.GetRequestAsync(id)).Outcome);
        Assert.Equal("cancelled", (await api.GetRequestAsync(other)).Outcome);
        Assert.Equal(["requests.cancelled", "request.cancelled"], (await api.ListAuditAsync()).Items.Take(2).Select(e => e.Action));

        // Due now, yet never claimed: a request saved afterwards is delivered, the cancelled ones are not.
        await TestData.ExecuteAsync(dataSource, "UPDATE deliveries SET next_attempt_at = now()");
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        var canary = await TestData.SaveRequestAsync(dataSource, "shop", """{"n":"canary"}""");
        await Eventually.UntilAsync(async () => (await api.GetRequestAsync(canary)).Outcome == "succeeded", "the canary");
        Assert.All(receiver.Received, r => Assert.Equal("""{"n":"canary"}""", r.BodyText));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task ADeliveryBeingSent_IsLeftToFinish_EvenWhenCancelled_AndEverythingIsNeverResentWithoutAFilter()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "shop", "{}", ("http://a.test/hook", "{}"));
        var id = await TestData.SaveRequestAsync(dataSource, "shop");
        // Cancelled while a worker holds its lease: that attempt will be recorded, and a re-send now would be
        // overwritten by it.
        await TestData.ExecuteAsync(dataSource, """
            UPDATE requests SET state = 'routed';
            INSERT INTO deliveries (id, request_id, destination_id, state, attempt_count, next_attempt_at, created_at, completed_at, locked_until, lease)
            SELECT gen_random_uuid(), r.id, t.id, 'cancelled', 1, now(), now(), now(), now() + interval '1 minute', gen_random_uuid()
            FROM requests r CROSS JOIN destinations t
            """);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();

        var resent = await api.ResendAsync(id, new DeliverySelection(All: true));
        var everything = await Assert.ThrowsAsync<SoldrApiException>(() => api.ResendManyAsync(new BulkResend("all")));

        var only = Assert.Single(resent.Deliveries);
        Assert.Equal(("cancelled", false, true), (only.State, only.Changed, only.InFlight));
        Assert.Equal((0, 1), (resent.Queued, resent.InFlight));
        Assert.True((await api.GetRequestAsync(id)).Deliveries.Single().InFlight);
        Assert.Equal(["filter"], everything.Errors.Keys);
    }

    [Fact]
    public async Task ResendingAllOfAnUnroutableRequest_RoutesItAgain_ToAWebhookCreatedSince()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(200);
        var request = new Soldr.Core.Requests.IncomingRequest(
            Guid.CreateVersion7(), "late", DateTimeOffset.UtcNow, "POST", "/orders", string.Empty, [], "{}"u8.ToArray(), null, null, null);
        await new Soldr.Core.Requests.RequestStore(dataSource).SaveBatchAsync([request], CancellationToken.None);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        Assert.Equal("unroutable", (await api.GetRequestAsync(request.Id)).Outcome);
        await api.CreateWebhookAsync(new WebhookInput("late", true, null, [new DestinationInput(receiver.Url + "hook")]));
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);

        // Naming deliveries it does not have changes nothing: only "all" sends a request back to routing.
        var named = await Assert.ThrowsAsync<SoldrApiException>(() =>
            api.ResendAsync(request.Id, new DeliverySelection(DeliveryIds: [Guid.NewGuid()])));
        var resent = await api.ResendAsync(request.Id, new DeliverySelection(All: true));

        Assert.Equal(HttpStatusCode.BadRequest, named.Status);
        Assert.True(resent.Rerouted);
        Assert.Empty(resent.Deliveries);
        await Eventually.UntilAsync(() => receiver.Received.Count == 1, "the request routed again and delivered");
        Assert.Equal("succeeded", (await Eventually.WaitAsync(
            async () => await api.GetRequestAsync(request.Id) is { Outcome: "succeeded" } r ? r : null, "the delivery to be recorded")).Outcome);
    }

    [Fact]
    public async Task AWebhookWithUnfinishedDeliveries_IsDeletedOnlyOnceTheCallerAgreesToCancelThem()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await api.CreateWebhookAsync(new WebhookInput("shop", Enabled: false, null, [new DestinationInput("http://a.test/hook")]));
        await TestData.SaveRequestAsync(dataSource, "shop");
        await using (await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString))
        {
            await Eventually.UntilAsync(async () => (await api.GetWebhookAsync("shop")).Destinations.Single().Held == 1, "the held delivery");
        }

        var refused = await Assert.ThrowsAsync<SoldrApiException>(() => api.DeleteWebhookAsync("shop"));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("cancelPending=true", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await api.GetWebhookAsync("shop")).Destinations.Single().Held);

        await api.DeleteWebhookAsync("shop", cancelPending: true);

        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<SoldrApiException>(() => api.GetWebhookAsync("shop"))).Status);
        var entry = (await api.ListAuditAsync()).Items[0];
        Assert.Equal(("webhook.deleted", "shop"), (entry.Action, entry.Subject));
        Assert.Contains("cancelled 1", entry.Detail, StringComparison.Ordinal);
        Assert.NotNull(entry.Before);
    }

    /// <summary>A webhook "shop" with two destinations, each its own receiver, and a worker sending to them.</summary>
    private async Task<TwoDestinations> TwoDestinationsAsync()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        var first = await HttpReceiver.StartAsync(200);
        var second = await HttpReceiver.StartAsync(200);
        var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        await admin.Client().CreateWebhookAsync(new WebhookInput("shop", true, null,
            [new DestinationInput(first.Url + "first"), new DestinationInput(second.Url + "second")]));
        var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString);
        return new TwoDestinations(NpgsqlDataSource.Create(connectionString), admin, worker, first, second);
    }

    private sealed record TwoDestinations(
        NpgsqlDataSource DataSource, AdminHost Admin, Microsoft.AspNetCore.Builder.WebApplication Worker, HttpReceiver First, HttpReceiver Second)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Worker.DisposeAsync();
            await Admin.DisposeAsync();
            await First.DisposeAsync();
            await Second.DisposeAsync();
            await DataSource.DisposeAsync();
        }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
