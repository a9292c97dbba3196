using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>
/// Pages are prerendered, then rendered again when their live connection starts. These tests count the
/// management API calls (each one a database read) that the UI makes while a real Chromium opens its pages.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class PageLoadTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly float WaitMs = (float)Eventually.DefaultTimeout.TotalMilliseconds;

    [Fact]
    public async Task EachPageView_ReadsItsDataOnce()
    {
        await using var ui = await UiAsync();
        var id = await ui.SaveRequestAsync();
        var row = $"[data-test=request-row][data-request-id='{id}']";
        var views = new (string Path, Func<IPage, Task> Shows, string[] Reads)[]
        {
            ("/", Text("[data-test=metric-requests] .value", "1"), ["GET api/stats"]),
            ("/requests", Visible(row), ["GET api/requests?limit=50", "GET api/webhooks"]),
            ("/requests?webhook=shop", Visible(row), ["GET api/requests?webhook=shop&limit=50", "GET api/webhooks"]),
            ($"/requests/{id}", Visible("[data-test=request-headers] >> text=X-Custom"), [$"GET api/requests/{id}"]),
            ("/webhooks", Visible("[data-test=webhook-card][data-webhook=shop]"), ["GET api/webhooks"]),
            ("/webhooks/shop/edit", page => Assertions.Expect(page.Locator("[data-test=webhook-max-attempts]")).ToHaveValueAsync("3"), ["GET api/webhooks/shop"]),
            ("/alerts", Visible("[data-test=alert-row]"), ["GET api/alerts?state=open"]),
            ("/jobs", Visible("[data-test=queue-enqueued]"), ["GET api/jobs", "GET api/resends?limit=20"]),
            ("/audit", Visible("[data-test=audit-row]"), ["GET api/audit"]),
        };

        foreach (var (path, shows, reads) in views)
        {
            ui.Calls.Clear();
            await ui.Page.GotoAsync(path);
            await Pages.InteractiveAsync(ui.Page);
            await shows(ui.Page);

            // The page's live render has run by now; opening another page in the same connection is
            // handled after it, so once that page's read is seen, every read of this view has been made.
            var (link, next) = path == "/audit" ? ("nav-alerts", "GET api/alerts?state=open") : ("nav-audit", "GET api/audit");
            await ui.Page.Locator($"[data-test={link}]").ClickAsync();
            await Eventually.UntilAsync(() => ui.Calls.All.Count > reads.Length && ui.Calls.All[^1] == next, $"{next} after {path}");

            Assert.Equal([.. reads.Order(StringComparer.Ordinal), next], [.. ui.Calls.All.SkipLast(1).Order(StringComparer.Ordinal), ui.Calls.All[^1]]);
        }
    }

    [Fact]
    public async Task TheRequestsPage_ReadsAgain_WhenItRefreshes()
    {
        await using var ui = await UiAsync();
        var first = await ui.SaveRequestAsync();
        await ui.Page.GotoAsync("/requests");
        await Pages.InteractiveAsync(ui.Page);
        await Assertions.Expect(ui.Page.Locator("[data-test=request-row]")).ToHaveCountAsync(1);

        var second = await ui.SaveRequestAsync();
        ui.Calls.Clear();
        ui.Clock.FireTimers();

        await Assertions.Expect(ui.Page.Locator($"[data-test=request-row][data-request-id='{second}']")).ToBeVisibleAsync();
        await Assertions.Expect(ui.Page.Locator($"[data-test=request-row][data-request-id='{first}']")).ToBeVisibleAsync();
        Assert.Equal(["GET api/requests?limit=50"], ui.Calls.All);
    }

    [Fact]
    public async Task OpeningAnotherRequest_ShowsThatRequest_NotTheOneShownFirst()
    {
        await using var ui = await UiAsync();
        var first = await ui.SaveRequestAsync("""{"n":1}""");
        var second = await ui.SaveRequestAsync("""{"n":2}""");
        await ui.Page.GotoAsync($"/requests/{first}");
        await Pages.InteractiveAsync(ui.Page);
        await Assertions.Expect(ui.Page.Locator("[data-test=request-body]")).ToContainTextAsync("\"n\": 1");

        await ui.Page.GetByText("All requests").ClickAsync();
        await ui.Page.Locator($"[data-test=request-row][data-request-id='{second}'] a").ClickAsync();

        await Assertions.Expect(ui.Page.Locator(".subtitle.mono")).ToHaveTextAsync(second.ToString());
        await Assertions.Expect(ui.Page.Locator("[data-test=request-body]")).ToContainTextAsync("\"n\": 2");
        Assert.Equal(1, ui.Calls.All.Count(call => call == $"GET api/requests/{first}"));
        Assert.Equal(1, ui.Calls.All.Count(call => call == $"GET api/requests/{second}"));
    }

    [Fact]
    public async Task ARequestTooLargeToHandOver_IsReadAgain_AndItsPageStillWorks()
    {
        await using var ui = await UiAsync();
        var id = await ui.SaveRequestAsync($$"""{"padding":"{{new string('x', 300 * 1024)}}"}""");
        ui.Calls.Clear();

        await ui.Page.GotoAsync($"/requests/{id}");
        await Pages.InteractiveAsync(ui.Page);
        await ui.Page.Locator("[data-test=edit-resend]").ClickAsync();

        await Assertions.Expect(ui.Page.Locator("[data-test=body-editor]")).ToBeVisibleAsync();
        Assert.Equal([$"GET api/requests/{id}", $"GET api/requests/{id}"], ui.Calls.All);
    }

    private static Func<IPage, Task> Visible(string selector) => page => Assertions.Expect(page.Locator(selector).First).ToBeVisibleAsync();

    private static Func<IPage, Task> Text(string selector, string text) => page => Assertions.Expect(page.Locator(selector)).ToHaveTextAsync(text);

    private async Task<Ui> UiAsync()
    {
        var calls = new ApiCalls();
        var clock = new HeldClock();
        var session = await SignedInUi.StartAsync(servers, chromium, services =>
        {
            calls.RecordFrom(services);
            services.AddSingleton<TimeProvider>(clock);
        });
        await session.Admin.Client().CreateWebhookAsync(new WebhookInput(
            "shop", true, new WebhookSettings { Retry = new RetrySettings { MaxAttempts = 3 } }, [new DestinationInput("http://a.test/hook")]));
        await TestData.ExecuteAsync(session.DataSource, "INSERT INTO alerts (destination_id, opened_at, reason) SELECT id, now(), 'all attempts failed' FROM destinations");
        calls.Clear();
        return new Ui(session, calls, clock);
    }

    private sealed record Ui(SignedInUi Session, ApiCalls Calls, HeldClock Clock) : IAsyncDisposable
    {
        public IPage Page => Session.Page;

        public Task<Guid> SaveRequestAsync(string body = """{"n":1}""") => Session.SaveRequestAsync(body);

        public ValueTask DisposeAsync() => Session.DisposeAsync();
    }
}
