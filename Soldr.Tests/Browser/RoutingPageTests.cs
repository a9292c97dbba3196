using Microsoft.Playwright;
using Soldr.Client.Contracts;
using Soldr.Core.Requests;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>Event types and destination filters, set and seen from the UI in a real Chromium.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class RoutingPageTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AnOperator_SetsTheEventTypeAndADestinationFilter_AndSeesWhyARequestWasFiltered()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.OpenAsync("/webhooks/new");

        await Pages.FillAsync(ui.Page, "webhook-name", "github");
        await Pages.FillAsync(ui.Page, "destination-url", "http://ci.test/hook");
        await ui.Page.Locator("[data-test=event-type-source]").SelectOptionAsync("header");
        await Pages.FillAsync(ui.Page, "event-type-from", "X-GitHub-Event");
        await ui.Page.Locator("[data-test=destination-filter] summary").ClickAsync();
        await ui.Page.Locator("[data-test=filter-event-types]").FillAsync("push\n!push.test");
        await ui.Page.Locator("[data-test=filter-body]").FillAsync("$.ref = refs/heads/main\n$.deleted missing");
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-notice]")).ToBeVisibleAsync();

        var webhook = SettingsJson.Deserialize<WebhookSettings>(
            await TestData.ScalarAsync<string>(ui.DataSource, "SELECT settings::text FROM webhooks"));
        var filter = SettingsJson.Deserialize<DestinationSettings>(
            await TestData.ScalarAsync<string>(ui.DataSource, "SELECT settings::text FROM destinations")).Filter!;
        Assert.Equal("X-GitHub-Event", webhook.EventType!.Header);
        Assert.Equal(["push", "!push.test"], filter.EventTypes!);
        Assert.Equal(
            [("$.ref", "refs/heads/main", (bool?)null), ("$.deleted", null, false)],
            filter.Body!.Select(c => (c.Path, c.Value, c.Exists)));

        // A request the filter left out: its type in the list, its reason on its page.
        var request = TestData.Incoming("github") with { EventType = "issues" };
        await new RequestStore(ui.DataSource).SaveBatchAsync([request], CancellationToken.None);
        await TestData.ExecuteAsync(ui.DataSource, """
            UPDATE deliveries SET state = 'filtered', completed_at = now(), filtered_reason = 'event type issues matches none of push'
            """);
        await ui.OpenAsync("/requests?eventType=issues");
        await Assertions.Expect(ui.Page.Locator("[data-test=request-event-type]")).ToHaveTextAsync("issues");
        await Assertions.Expect(ui.Page.Locator("[data-test=request-outcome]")).ToHaveAttributeAsync("data-status", "filtered");
        await ui.OpenAsync($"/requests/{request.Id}");
        await Assertions.Expect(ui.Page.Locator("[data-test=delivery-filtered]")).ToContainTextAsync("event type issues matches none of push");
    }
}
