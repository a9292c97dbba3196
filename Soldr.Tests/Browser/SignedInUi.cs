using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>
/// The admin service with its UI on a fresh database, and a real Chromium page signed in to it.
/// <paramref name="Page"/> waits up to the suite's default timeout for anything.
/// </summary>
public sealed record SignedInUi(AdminHost Admin, NpgsqlDataSource DataSource, IBrowserContext Context, IPage Page) : IAsyncDisposable
{
    private static readonly float WaitMs = (float)Eventually.DefaultTimeout.TotalMilliseconds;

    /// <summary>The database's, with its password, for other hosts a test starts on it.</summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <param name="services">Adds to or replaces the service's own registrations.</param>
    /// <param name="viewport">The window's size; Playwright's default (1280 x 720) when null.</param>
    public static async Task<SignedInUi> StartAsync(
        ServersFixture servers, ChromiumFixture chromium, Action<IServiceCollection>? services = null, ViewportSize? viewport = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(chromium);
        var connectionString = await servers.CreateDatabaseAsync();
        var admin = await AdminHost.StartWithUiAsync(connectionString, servers.RedisConnectionString, services ?? (_ => { }));
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = admin.OtherAddress.ToString(),
            ViewportSize = viewport,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);
        Assertions.SetDefaultExpectTimeout(WaitMs);
        await page.GotoAsync("/signin");
        await page.Locator("[data-test=signin-secret]").FillAsync(AdminHost.Secret);
        await page.Locator("[data-test=signin-submit]").ClickAsync();
        await Pages.InteractiveAsync(page);
        return new SignedInUi(admin, NpgsqlDataSource.Create(connectionString), context, page) { ConnectionString = connectionString };
    }

    public Task<Guid> SaveRequestAsync(string body = """{"n":1}""") => TestData.SaveRequestAsync(DataSource, "shop", body);

    /// <summary>Opens <paramref name="path"/> and waits until the page is live.</summary>
    public Task OpenAsync(string path) => Pages.OpenAsync(Page, path);

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await DataSource.DisposeAsync();
        await Admin.DisposeAsync();
    }
}
