using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>What an operator sees of sessions and of the API reference, in a real Chromium.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed partial class SessionPageTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly float WaitMs = (float)Eventually.DefaultTimeout.TotalMilliseconds;

    [Fact]
    public async Task AnOpenPage_GoesBackToSignIn_OnceItsSessionHasEnded()
    {
        await using var admin = await AdminHost.StartAsync(
            await servers.CreateDatabaseAsync(),
            servers.RedisConnectionString,
            new Dictionary<string, string?> { ["Soldr:Admin:Sessions:RevalidationInterval"] = "00:00:01" });
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = admin.OtherAddress.ToString() });
        var open = await context.NewPageAsync();
        open.SetDefaultTimeout(WaitMs);
        Assertions.SetDefaultExpectTimeout(WaitMs);
        await open.GotoAsync("/signin");
        await open.Locator("[data-test=signin-secret]").FillAsync(AdminHost.Secret);
        await open.Locator("[data-test=signin-submit]").ClickAsync();
        await open.GotoAsync("/webhooks");
        await Pages.InteractiveAsync(open);

        // The operator signs out in another tab; the first one stays open, untouched.
        var other = await context.NewPageAsync();
        await other.GotoAsync("/");
        await other.Locator("[data-test=signout]").ClickAsync();
        await Assertions.Expect(other).ToHaveURLAsync(SignInPage());

        await Assertions.Expect(open).ToHaveURLAsync(SignInPage());
        await Assertions.Expect(open.Locator("[data-test=signin-secret]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheApiReference_ShowsTheApiInABrowser_ThatSignsInWithTheSecretAsPassword()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = admin.ApiAddress.ToString(),
            HttpCredentials = new HttpCredentials { Username = "operator", Password = AdminHost.Secret },
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);
        Assertions.SetDefaultExpectTimeout(WaitMs);

        var response = await page.GotoAsync("/reference");

        Assert.Equal(200, response?.Status);
        await Assertions.Expect(page.GetByText("Creates a webhook").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Deletes a webhook").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "api-reference.png") });
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPage();
}
