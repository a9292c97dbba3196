using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;
using Soldr.Tests.Jobs;

namespace Soldr.Tests.Browser;

/// <summary>The Hangfire dashboard, reached from the UI in a real Chromium, runs Soldr's recurring jobs.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed partial class HangfireDashboardPageTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AnOperator_OpensHangfireFromTheMenu_AndTriggersThePurge()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium, viewport: new ViewportSize { Width = 1280, Height = 860 });
        // The default schedules, as an operator would see them.
        using var worker = await JobHosts.StartAsync(ui.ConnectionString, new Dictionary<string, string?>
        {
            ["Soldr:Jobs:Purge:Schedule"] = "00:10:00",
            ["Soldr:Jobs:Rollup:Schedule"] = "00:05:00",
            ["Soldr:Jobs:StaleWorkerSchedule"] = "00:01:00",
            ["Soldr:Jobs:AlertReminders:Schedule"] = "00:15:00",
        });
        var page = ui.Page;

        await ui.OpenAsync("/jobs");
        await page.Locator("[data-test=nav-hangfire]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(HangfireAddress());
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("Soldr jobs"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).First.ClickAsync();
        await page.Locator("input.js-jobs-list-checkbox[value=purge]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();

        try
        {
            await Eventually.UntilAsync(
                async () => await TestData.ScalarAsync<long>(ui.DataSource, "SELECT count(*) FROM job_runs WHERE job = 'purge' AND outcome = 'succeeded'") == 1,
                "the purge to run on the worker");
        }
        catch (TimeoutException)
        {
            // What Hangfire and the run history hold, to tell a trigger that never arrived from a run that did not succeed.
            var jobs = await TestData.RowsAsync(ui.DataSource, "SELECT id || ' ' || statename FROM hangfire.job", r => r.GetString(0));
            var runs = await TestData.RowsAsync(ui.DataSource, "SELECT job || ' ' || outcome || ' ' || COALESCE(message, '') FROM job_runs", r => r.GetString(0));
            throw new TimeoutException($"The purge did not run. Hangfire jobs: [{string.Join("; ", jobs)}]; runs: [{string.Join("; ", runs)}].");
        }

        var audit = (await ui.Admin.Client().ListAuditAsync()).Items[0];
        Assert.Equal(("job.triggered", "purge"), (audit.Action, audit.Subject));
        Assert.StartsWith("UI session ", audit.Actor, StringComparison.Ordinal);
        Assert.Contains("Hangfire dashboard", audit.Detail, StringComparison.Ordinal);
        // A tab of its own: the first one reloads itself after a command, when the dashboard's script decides.
        var recurring = await ui.Context.NewPageAsync();
        await recurring.GotoAsync("/hangfire/recurring");
        var purgeRow = recurring.Locator("tr", new() { Has = recurring.Locator("input.js-jobs-list-checkbox[value=purge]") });
        await Assertions.Expect(purgeRow).ToContainTextAsync("*/10 * * * *");
        await Assertions.Expect(purgeRow.Locator(".label-success, .state-succeeded, a[href*='/jobs/details/']").First).ToBeVisibleAsync();
        await recurring.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "hangfire.png") });
        // Its "back to site" link returns to Soldr's Jobs page.
        await recurring.Locator("a[href='/jobs']").First.ClickAsync();
        await Assertions.Expect(recurring.Locator("[data-test=hangfire-card]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ABulkResend_StartedFromTheRequestsPage_RunsAsAJob_AndItsProgressShowsOnTheJobsPage()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.Admin.Client().CreateWebhookAsync(new WebhookInput("shop", Enabled: true, null, [new DestinationInput("http://a.test/hook")]));
        await ui.SaveRequestAsync();
        await ui.SaveRequestAsync();
        await TestData.ExecuteAsync(ui.DataSource, """
            UPDATE requests SET state = 'routed';
            INSERT INTO deliveries (id, request_id, destination_id, next_attempt_at, created_at, completed_at, state, attempt_count)
            SELECT gen_random_uuid(), r.id, t.id, now(), now(), now(), 'failed', 1 FROM requests r CROSS JOIN destinations t
            """);
        using var worker = await JobHosts.StartAsync(ui.ConnectionString);
        var page = ui.Page;

        await ui.OpenAsync("/requests?webhook=shop&outcome=failed");
        await page.Locator("[data-test=bulk-resend]").ClickAsync();
        await page.Locator("[data-test=bulk-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=bulk-result]")).ToContainTextAsync("Re-send #1 is queued");
        await page.Locator("[data-test=bulk-follow]").ClickAsync();

        var row = page.Locator("[data-test=resend-row][data-resend='1']");
        await Assertions.Expect(row).ToContainTextAsync("failed deliveries of webhook=shop, outcome=failed");
        await Assertions.Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(row.Locator("[data-test=resend-progress]")).ToContainTextAsync("2 of 2 requests");
        Assert.Equal(2, await TestData.ScalarAsync<long>(ui.DataSource, "SELECT count(*) FROM deliveries WHERE state = 'pending'"));
    }

    [GeneratedRegex("/hangfire/?$")]
    private static partial Regex HangfireAddress();
}
