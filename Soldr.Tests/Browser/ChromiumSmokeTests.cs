using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

[Collection(ChromiumCollectionDefinition.Name)]
public sealed class ChromiumSmokeTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Chromium_LoadsAPageFromARealServer()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        var page = await chromium.Browser.NewPageAsync();

        var response = await page.GotoAsync(receiver.Url.ToString());

        Assert.Equal(200, response!.Status);
        Assert.Contains("received", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
