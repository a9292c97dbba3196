using Microsoft.Playwright;
using Soldr.Client.Contracts;
using Soldr.Core.Requests;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>Rate limits, ordering, circuits and priority, set and handled from the UI in a real Chromium.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class FlowPageTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string StoredWebhook = "SELECT settings::text FROM webhooks";
    private const string StoredDestination = "SELECT settings::text FROM destinations";

    [Fact]
    public async Task AnOperator_SetsARateLimitOrderingACircuitThresholdAndPriority_AndSavingUnchangedKeepsThem()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.OpenAsync("/webhooks/new");

        await Pages.FillAsync(ui.Page, "webhook-name", "shop");
        await ui.Page.Locator("[data-test=webhook-priority]").SelectOptionAsync("high");
        await Pages.FillAsync(ui.Page, "destination-url", "http://a.test/hook");
        await ui.Page.Locator("[data-test=destination-flow] summary").ClickAsync();
        await Pages.FillAsync(ui.Page, "rate-per-second", "10");
        await Pages.FillAsync(ui.Page, "rate-per-minute", "300");
        await Pages.FillAsync(ui.Page, "rate-min-interval", "00:00:05");
        await ui.Page.Locator("[data-test=ordering]").SelectOptionAsync("sequential");
        await Pages.FillAsync(ui.Page, "circuit-threshold", "5");

        // A duration that does not read as one is named before anything is sent; emptied, the default applies.
        await Pages.FillAsync(ui.Page, "circuit-probe-delay", "30s");
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-flow] .field-error")).ToContainTextAsync("'30s' is not one");
        await Pages.FillAsync(ui.Page, "circuit-probe-delay", string.Empty);
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-notice]")).ToBeVisibleAsync();

        var webhookJson = await TestData.ScalarAsync<string>(ui.DataSource, StoredWebhook);
        var destinationJson = await TestData.ScalarAsync<string>(ui.DataSource, StoredDestination);
        var destination = SettingsJson.Deserialize<DestinationSettings>(destinationJson);
        Assert.Equal("high", SettingsJson.Deserialize<WebhookSettings>(webhookJson).Priority);
        Assert.Equal((10, 300, TimeSpan.FromSeconds(5)), (destination.RateLimit!.PerSecond, destination.RateLimit.PerMinute, destination.RateLimit.MinInterval));
        Assert.Equal("sequential", destination.Ordering);

        // Only what was typed is stored: the circuit's other settings keep their defaults.
        Assert.Equal(5, destination.Circuit!.FailureThreshold);
        Assert.Equal(((bool?)null, (TimeSpan?)null, (TimeSpan?)null), (destination.Circuit.Enabled, destination.Circuit.ProbeDelay, destination.Circuit.DisableAfter));
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-flow-words]")).ToHaveTextAsync("10/s, 300/min, 5 s apart, sequential");
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-priority-badge]")).ToHaveTextAsync("high priority");

        // Opened again, the editor shows them; saved unchanged, the stored settings are the same.
        await ui.OpenAsync("/webhooks/shop/edit");
        await Assertions.Expect(ui.Page.Locator("[data-test=rate-min-interval]")).ToHaveValueAsync("00:00:05");
        await Assertions.Expect(ui.Page.Locator("[data-test=ordering]")).ToHaveValueAsync("sequential");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-enabled]")).ToBeCheckedAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-priority]")).ToHaveValueAsync("high");
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-notice]")).ToBeVisibleAsync();
        Assert.Equal(webhookJson, await TestData.ScalarAsync<string>(ui.DataSource, StoredWebhook));
        Assert.Equal(destinationJson, await TestData.ScalarAsync<string>(ui.DataSource, StoredDestination));
    }

    [Fact]
    public async Task AnOperator_OpensACircuitFromThePage_SeesWhatItHoldsAndItsAlert_ThenProbesAndClosesIt()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.Admin.Client().CreateWebhookAsync(new WebhookInput("shop", Destinations: [new DestinationInput("http://a.test/hook")]));
        var health = ui.Page.Locator("[data-test=destination-health]");
        var notice = ui.Page.Locator("[data-test=webhook-notice]");
        await ui.OpenAsync("/webhooks");

        await ui.Page.Locator("[data-test=circuit-open-button]").ClickAsync();
        await Assertions.Expect(notice).ToContainTextAsync("Opened the circuit of http://a.test/hook");
        await Assertions.Expect(health).ToHaveAttributeAsync("data-status", "circuit-open");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-opened]")).ToContainTextAsync("Opened by UI session ");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-open-button]")).ToHaveCountAsync(0);

        // A request received while it is open: its delivery is held, not sent (no worker runs here anyway).
        await new RequestStore(ui.DataSource).SaveBatchAsync([TestData.Incoming("shop")], CancellationToken.None);
        await ui.OpenAsync("/webhooks");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-held]")).ToHaveTextAsync("1 delivery held.");
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-waiting]")).ToHaveTextAsync("1 held");

        await ui.OpenAsync("/alerts");
        await Assertions.Expect(ui.Page.Locator("[data-test=alert-kind]")).ToHaveAttributeAsync("data-status", "circuit");

        // A probe is a job for a worker: the circuit stays open until it succeeds.
        await ui.OpenAsync("/webhooks");
        await ui.Page.Locator("[data-test=circuit-probe-button]").ClickAsync();
        await Assertions.Expect(notice).ToContainTextAsync("Probing http://a.test/hook");
        await Assertions.Expect(health).ToHaveAttributeAsync("data-status", "circuit-open");

        await ui.Page.Locator("[data-test=circuit-close-button]").ClickAsync();
        await Assertions.Expect(notice).ToContainTextAsync("Closed the circuit of http://a.test/hook");
        await Assertions.Expect(health).ToHaveAttributeAsync("data-status", "unknown");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-row]")).ToHaveCountAsync(0);
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-waiting]")).ToHaveTextAsync("1 pending");
        Assert.Equal(
            ["destination.circuit-closed", "destination.circuit-probed", "destination.circuit-opened"],
            (await ui.Admin.Client().ListAuditAsync()).Items.Take(3).Select(a => a.Action));

        // Opened meanwhile by someone else: the API's 409 is shown, and the page shows the circuit as it is now.
        await ui.Admin.Client().OpenCircuitAsync("shop", (await ui.Admin.Client().GetWebhookAsync("shop")).Destinations.Single().Id);
        await ui.Page.Locator("[data-test=circuit-open-button]").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=api-error]")).ToContainTextAsync("The circuit is already open: its deliveries are held.");
        await Assertions.Expect(health).ToHaveAttributeAsync("data-status", "circuit-open");
    }

    [Fact]
    public async Task ACircuitThatStayedOpenTooLong_ShowsItsDestinationDisabled_OnTheCardAndTheAlert_InA1366PixelWindow()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium, viewport: new ViewportSize { Width = 1366, Height = 768 });
        var api = ui.Admin.Client();
        var url = "https://receiver.example.com/" + string.Join('/', Enumerable.Repeat("segment", 12));
        var settings = new DestinationSettings
        {
            RateLimit = new RateLimitSettings { PerSecond = 1000, PerMinute = 30000, MinInterval = TimeSpan.FromMilliseconds(250) },
            Ordering = DeliveryOrdering.Sequential,
        };
        await api.CreateWebhookAsync(new WebhookInput("shop", Destinations: [new DestinationInput(url, true, settings)]));
        await api.OpenCircuitAsync("shop", (await api.GetWebhookAsync("shop")).Destinations.Single().Id);

        // As the probe job leaves a circuit opened by failures that stayed open past DisableAfter.
        await TestData.ExecuteAsync(ui.DataSource, """
            UPDATE destinations SET enabled = false, circuit_opened_by = 'failures', circuit_probes = 14,
                   circuit_reason = '20 consecutive attempts failed; the last: HTTP 503', circuit_disabled_at = now();
            UPDATE alerts SET disabled_at = now(), reason = '20 consecutive attempts failed; the last: HTTP 503';
            """);
        await ui.OpenAsync("/webhooks");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-reason]")).ToHaveTextAsync("20 consecutive attempts failed; the last: HTTP 503.");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-opened]")).ToContainTextAsync("Opened by its failures");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-probes]")).ToContainTextAsync("14 probes tried; no more probes.");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-disabled]")).ToContainTextAsync("Destination disabled after staying open");
        await Assertions.Expect(ui.Page.Locator("[data-test=circuit-probe-button]")).ToHaveCountAsync(0);
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-flow-words]")).ToHaveTextAsync("1,000/s, 30,000/min, 250 ms apart, sequential");
        var overflow = await ui.Page.EvaluateAsync<int[]>("""
            () => [document.documentElement.scrollWidth - window.innerWidth,
                   ...[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)]
            """);
        Assert.All(overflow, extra => Assert.True(extra <= 0, $"{extra} px wider than the window or its frame"));

        await ui.OpenAsync("/alerts");
        await Assertions.Expect(ui.Page.Locator("[data-test=alert-kind]")).ToHaveAttributeAsync("data-status", "circuit");
        await Assertions.Expect(ui.Page.Locator("[data-test=alert-disabled]")).ToContainTextAsync("Destination disabled at ");
    }
}
