using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>What an operator sees of the pages themselves, in a real Chromium: layout, addresses, notices, held work.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed partial class UiPagesTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task TheRequestsTable_FitsA1366PixelWideWindow_WithLongNamesPathsAndEventTypes()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium, viewport: new ViewportSize { Width = 1366, Height = 768 });
        var longName = new string('w', 63);
        await TestData.SaveRequestAsync(ui.DataSource, longName);
        await TestData.ExecuteAsync(ui.DataSource,
            "UPDATE requests SET path = '/' || repeat('segment/', 40), query = repeat('key=value&', 30), event_type = repeat('event.', 30)");

        await ui.OpenAsync("/requests");
        await Assertions.Expect(ui.Page.Locator("[data-test=request-row]")).ToHaveCountAsync(1);

        var overflow = await ui.Page.EvaluateAsync<int[]>("""
            () => [document.documentElement.scrollWidth - window.innerWidth,
                   ...[...document.querySelectorAll('.table-wrap')].map(w => w.scrollWidth - w.clientWidth)]
            """);
        Assert.All(overflow, extra => Assert.True(extra <= 0, $"{extra} px wider than the window or its frame"));
    }

    [Fact]
    public async Task TheRequestsFilters_LiveInTheAddress_CanBeBookmarked_AndBackReturnsToTheListBefore()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        var shop = await TestData.SaveRequestAsync(ui.DataSource, "shop");
        var other = await TestData.SaveRequestAsync(ui.DataSource, "other");
        var shopRow = ui.Page.Locator($"[data-test=request-row][data-request-id='{shop}']");
        var otherRow = ui.Page.Locator($"[data-test=request-row][data-request-id='{other}']");
        await ui.OpenAsync("/requests");
        await Assertions.Expect(shopRow).ToBeVisibleAsync();

        var webhook = ui.Page.Locator("[data-test=filter-webhook]");
        await webhook.FillAsync("other");
        await webhook.PressAsync("Tab");
        await Assertions.Expect(ui.Page).ToHaveURLAsync(OtherOnly());
        await Assertions.Expect(shopRow).ToHaveCountAsync(0);
        await ui.Page.Locator("[data-test=filter-outcome]").SelectOptionAsync("received");
        await Assertions.Expect(ui.Page).ToHaveURLAsync(OtherAndReceived());

        await ui.Page.GoBackAsync();
        await Assertions.Expect(ui.Page).ToHaveURLAsync(OtherOnly());
        await Assertions.Expect(ui.Page.Locator("[data-test=filter-outcome]")).ToHaveValueAsync(string.Empty);
        await Assertions.Expect(otherRow).ToBeVisibleAsync();
        await ui.Page.GoBackAsync();
        await Assertions.Expect(shopRow).ToBeVisibleAsync();
        await Assertions.Expect(webhook).ToHaveValueAsync(string.Empty);

        // The address alone brings the filtered list back, as a bookmark would.
        await ui.OpenAsync("/requests?webhook=other&outcome=received");
        await Assertions.Expect(webhook).ToHaveValueAsync("other");
        await Assertions.Expect(otherRow).ToBeVisibleAsync();
        await Assertions.Expect(shopRow).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnAddressWithNoPage_ShowsTheAppsNotFoundPage_NotJson()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);

        var response = await ui.Page.GotoAsync("/no/such/page");

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", await response.HeaderValueAsync("content-type") ?? string.Empty, StringComparison.Ordinal);
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AWebhookJustCreated_IsShownWithANoticeThatItWasCreated()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.OpenAsync("/webhooks/new");

        await Pages.FillAsync(ui.Page, "webhook-name", "fresh-orders");
        await Pages.FillAsync(ui.Page, "destination-url", "http://a.test/hook");
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();

        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-notice]")).ToContainTextAsync("Created webhook fresh-orders");
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-card][data-webhook=fresh-orders]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task HeldDeliveries_AreCountedOnTheWebhooksPage_AndOneCanBeCancelledFromItsRequest()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.Admin.Client().CreateWebhookAsync(new WebhookInput("shop", Enabled: false, null, [new DestinationInput("http://a.test/hook")]));
        var id = await ui.SaveRequestAsync();
        await TestData.ExecuteAsync(ui.DataSource, """
            UPDATE requests SET state = 'routed';
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at, state)
            SELECT gen_random_uuid(), r.id, t.id, now(), now(), 'held' FROM requests r CROSS JOIN destinations t
            """);

        await ui.OpenAsync("/webhooks");
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-waiting]")).ToHaveTextAsync("1 held");
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-held-note]")).ToBeVisibleAsync();

        await ui.OpenAsync($"/requests/{id}");
        await Assertions.Expect(ui.Page.Locator("[data-test=delivery-state]")).ToHaveAttributeAsync("data-status", "held");
        await ui.Page.Locator("[data-test=delivery-cancel]").ClickAsync();

        await Assertions.Expect(ui.Page.Locator("[data-test=action-result]")).ToContainTextAsync("Cancelled: http://a.test/hook");
        await Assertions.Expect(ui.Page.Locator("[data-test=delivery-state]")).ToHaveAttributeAsync("data-status", "cancelled");
        await Assertions.Expect(ui.Page.Locator("[data-test=request-outcome]")).ToHaveAttributeAsync("data-status", "cancelled");
        Assert.Equal("request.cancelled", (await ui.Admin.Client().ListAuditAsync()).Items[0].Action);
    }

    [GeneratedRegex(@"/requests\?webhook=other$")]
    private static partial Regex OtherOnly();

    [GeneratedRegex(@"/requests\?webhook=other&outcome=received$")]
    private static partial Regex OtherAndReceived();
}
