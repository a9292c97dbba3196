using System.Net;
using System.Text.Json;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>An operator opens, probes and closes a destination's circuit; one left open too long disables the destination.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class CircuitsApiTests(ServersFixture servers)
{
    private static readonly Dictionary<string, string?> OneAtATime = new() { ["Soldr:Worker:MaxConcurrencyPerDestination"] = "1" };

    [Fact]
    public async Task AnOperator_OpensACircuit_ItsDeliveriesAreHeld_AndAProbeSendsTheFirstAndReleasesTheRestInOrder()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await api.CreateWebhookAsync(new WebhookInput("shop", true, null, [new DestinationInput(receiver.Url + "hook")]));
        var destination = (await api.GetWebhookAsync("shop")).Destinations.Single();
        await using var worker = await WorkerHost.StartAsync(connectionString, servers.RedisConnectionString, OneAtATime);

        var opened = await api.OpenCircuitAsync("shop", destination.Id);
        Assert.Equal("open", opened.State);
        Assert.Null(opened.NextProbeAt);
        var again = await Assert.ThrowsAsync<SoldrApiException>(() => api.OpenCircuitAsync("shop", destination.Id));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);

        for (var i = 0; i < 4; i++)
        {
            await TestData.SaveRequestAsync(dataSource, "shop", $$"""{"n":{{i}}}""");
        }

        await Eventually.UntilAsync(async () => (await api.GetWebhookAsync("shop")).Destinations.Single().Held == 4, "four held deliveries");
        var held = (await api.GetWebhookAsync("shop")).Destinations.Single();
        Assert.Equal("circuit-open", held.Health);
        Assert.Equal(opened.OpenedBy, held.Circuit!.OpenedBy);
        Assert.Empty(receiver.Received);

        var probing = await api.ProbeCircuitAsync("shop", destination.Id);
        Assert.Equal("open", probing.State);
        await Eventually.UntilAsync(() => receiver.Received.Count == 4, "the probe and the released deliveries");
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $$"""{"n":{{i}}}"""), receiver.Received.Select(r => r.BodyText));
        var closed = (await api.GetWebhookAsync("shop")).Destinations.Single();
        Assert.Equal(("closed", 0L), (closed.Circuit!.State, closed.Held));

        await api.OpenCircuitAsync("shop", destination.Id);
        Assert.Equal("closed", (await api.CloseCircuitAsync("shop", destination.Id)).State);
        var notOpen = await Assert.ThrowsAsync<SoldrApiException>(() => api.CloseCircuitAsync("shop", destination.Id));
        Assert.Equal(HttpStatusCode.Conflict, notOpen.Status);

        var audit = (await api.ListAuditAsync()).Items;
        Assert.Equal(
            ["destination.circuit-closed", "destination.circuit-opened", "destination.circuit-probed", "destination.circuit-opened"],
            audit.Take(4).Select(a => a.Action));
        Assert.All(audit.Take(4), a => Assert.Equal(opened.OpenedBy, a.Actor));
        Assert.Contains("0 held deliveries released", audit[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACircuitOpenLongerThanDisableAfter_DisablesTheDestination_WithASecondAlert_AndEnablingItResumes()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var receiver = await HttpReceiver.StartAsync(200);
        await using var alerts = await HttpReceiver.StartAsync(200);
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        await api.CreateWebhookAsync(new WebhookInput("shop", true, null, [new DestinationInput(receiver.Url + "hook")]));
        var destination = (await api.GetWebhookAsync("shop")).Destinations.Single();
        await using var worker = await WorkerHost.StartAsync(
            connectionString, servers.RedisConnectionString, new Dictionary<string, string?> { ["Soldr:Alerts:WebhookUrl"] = alerts.Url + "alerts", ["Soldr:Alerts:RetryInterval"] = "00:00:01" });

        // As if failures had opened it six days ago: the next probe finds it open past the five days.
        await api.OpenCircuitAsync("shop", destination.Id);
        await TestData.ExecuteAsync(
            dataSource,
            "UPDATE destinations SET circuit_opened_by = 'failures', circuit_opened_at = now() - interval '6 days', circuit_reason = '20 consecutive attempts failed; the last: HTTP 503'");
        await TestData.SaveRequestAsync(dataSource, "shop");
        await Eventually.UntilAsync(async () => (await api.GetWebhookAsync("shop")).Destinations.Single().Held == 1, "the held delivery");
        await api.ProbeCircuitAsync("shop", destination.Id);

        var disabled = await Eventually.WaitAsync(
            async () => (await api.GetWebhookAsync("shop")).Destinations.Single() is { Enabled: false } d ? d : null, "the destination disabled");
        Assert.NotNull(disabled.Circuit!.DisabledAt);
        Assert.Equal(("open", 1L), (disabled.Circuit.State, disabled.Held));
        Assert.Empty(receiver.Received);
        await Eventually.UntilAsync(() => alerts.Received.Count == 2, "the circuit's opening and disabling notices");
        var states = alerts.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alert")).ToList();
        Assert.Equal([("circuit", "open"), ("circuit", "disabled")], states.Select(s => (s.GetProperty("kind").GetString(), s.GetProperty("state").GetString())));
        Assert.Contains("is now disabled", alerts.Received.Last().BodyText, StringComparison.Ordinal);

        await api.UpdateWebhookAsync("shop", new WebhookInput("shop", true, null, [new DestinationInput(receiver.Url + "hook")]));
        await Eventually.UntilAsync(() => receiver.Received.Count == 1, "the held delivery, once enabled");
        Assert.Equal("closed", (await api.GetWebhookAsync("shop")).Destinations.Single().Circuit!.State);
        await Eventually.UntilAsync(() => alerts.Received.Count == 3, "the recovery notice");
        Assert.Equal("resolved", JsonDocument.Parse(alerts.Received.Last().Body).RootElement.GetProperty("alert").GetProperty("state").GetString());
    }
}
