using Microsoft.Playwright;

namespace Soldr.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: the distribution's own (<c>apt-get install chromium</c>,
/// which the CI script does), driven through Playwright. Each test opens its own context, so cookies
/// never leak between tests.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string ExecutablePath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {ExecutablePath}: run 'apt-get install -y chromium' (the CI script does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollectionDefinition : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
