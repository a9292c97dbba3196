using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Soldr.Client;
using Soldr.Ingest.Ingestion;
using Soldr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Soldr.Tests.Browser;

/// <summary>
/// The operator's path at 3 a.m., in a real Chromium against the whole stack: sign in, create a webhook,
/// watch a request fail against a broken receiver, fix its body, resend, see it succeed. Each page is
/// saved (see <see cref="Screenshots"/>); docs/refresh-screenshots.sh saves them for the README.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class OperatorPathTests(ChromiumFixture chromium, ITestOutputHelper testOutput) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly float WaitMs = (float)Eventually.DefaultTimeout.TotalMilliseconds;
    private readonly TestOutputWriter _output = new(testOutput);
    private readonly TempFolder _data = new();

    [Fact]
    public async Task AnOperator_FixesAFailedDelivery_FromTheBrowser()
    {
        // The receiver is "broken" for this payload: it refuses anything but the corrected body.
        await using var receiver = await HttpReceiver.StartAsync(async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            context.Response.StatusCode = body.Contains("\"currency\":\"EUR\"", StringComparison.Ordinal) ? 200 : 500;
            await context.Response.WriteAsync(context.Response.StatusCode == 200 ? "ok" : "unknown currency");
        });
        await using var app = await SoldrApp.StartAsync(_data.Path);
        var ui = app.Endpoint("admin");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ui.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);
        Assertions.SetDefaultExpectTimeout(WaitMs);

        // Sign in: a wrong secret is refused inline, the right one opens the overview.
        await page.GotoAsync("/");
        await page.Locator("[data-test=signin-secret]").FillAsync("not-the-secret-not-the-secret-not-it");
        await page.Locator("[data-test=signin-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=signin-error]")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "sign-in");
        await page.Locator("[data-test=signin-secret]").FillAsync(app.AdminSecret);
        await page.Locator("[data-test=signin-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=nav-webhooks]")).ToBeVisibleAsync();
        await Pages.InteractiveAsync(page);

        // Create a webhook whose only destination is the receiver, giving up after one attempt.
        await Pages.OpenAsync(page, "/webhooks/new");
        await Pages.FillAsync(page, "webhook-name", "shop");
        await Pages.FillAsync(page, "destination-url", receiver.Url + "orders");
        await Pages.FillAsync(page, "webhook-max-attempts", "1");
        await page.Locator("[data-test=webhook-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=webhook-card][data-webhook=shop]")).ToBeVisibleAsync();
        var ingestPort = app.Endpoint("ingest").Port;
        await Assertions.Expect(page.Locator("[data-test=ingest-url]").First).ToHaveTextAsync($"http://shop.wh.localhost:{ingestPort}/");
        await ScreenshotAsync(page, "webhooks");
        using var api = new HttpClient { BaseAddress = app.Endpoint("admin", "api") };
        api.DefaultRequestHeaders.Authorization = new("Bearer", app.AdminSecret);
        var saved = await SoldrClient.Create(api).GetWebhookAsync("shop");
        Assert.Equal(1, saved.Settings.Retry?.MaxAttempts);
        Assert.Equal(receiver.Url + "orders", Assert.Single(saved.Destinations).Url);

        // A provider sends a webhook; the receiver refuses it.
        using var ingest = new HttpClient { BaseAddress = app.Endpoint("ingest") };
        using var sent = await ingest.PostAsync("/w/shop/paid", JsonContent.Create(new { order = 42, currency = "EURO" }));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<IngestReceipt>())!.Id;

        // The requests page shows it failed (it refreshes by itself).
        await Pages.OpenAsync(page, "/requests");
        var row = page.Locator($"[data-test=request-row][data-request-id='{id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-outcome", "failed");
        await ScreenshotAsync(page, "requests");

        // Its detail shows the refused attempt with the receiver's answer.
        await row.ClickAsync();
        await Pages.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=attempt][data-status='500']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("unknown currency").First).ToBeAttachedAsync();
        await ScreenshotAsync(page, "request-failed");

        // Edit the body and resend: a second attempt arrives, and succeeds.
        await page.Locator("[data-test=edit-resend]").ClickAsync();
        await Pages.FillAsync(page, "body-editor", """{"order":42,"currency":"EUR"}""");
        await ScreenshotAsync(page, "edit-and-resend");
        await page.Locator("[data-test=edit-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=attempt][data-status='200']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=revision]")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "request-resent");
        Assert.Equal("""{"order":42,"currency":"EUR"}""", receiver.Received.Last().BodyText);
        Assert.Equal(2, receiver.Received.Count);

        // The rest of the console, as the operator sees it now.
        foreach (var name in new[] { "jobs", "alerts", "audit", "overview" })
        {
            await Pages.OpenAsync(page, name == "overview" ? "/" : $"/{name}");
            await Assertions.Expect(page.Locator("[data-test=page-error]")).ToHaveCountAsync(0);
            if (name == "audit")
            {
                // The webhook's creation, the edit and the resend are on record.
                await Assertions.Expect(page.Locator("[data-test=audit-row]")).ToHaveCountAsync(3);
            }

            await ScreenshotAsync(page, name);
        }
    }

    public void Dispose()
    {
        _output.Dispose();
        _data.Dispose();
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, $"{name}.png"), FullPage = false });
}
