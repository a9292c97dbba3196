using System.Globalization;
using System.Net;
using Soldr.Tests.Admin;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.ServiceDefaults;

/// <summary>
/// The admin service has two ports of its own, each with its own rules (sign-in, the bearer secret); its
/// metrics port is a third, where <c>/metrics</c> answers and nowhere else.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class AdminMetricsTests(ServersFixture servers)
{
    [Fact]
    public async Task TheAdminService_ServesMetricsOnItsMetricsPort_AndNotOnTheUiOrApiPort()
    {
        var metricsPort = Soldr.AppHost.Hosting.Ports.GetFree();
        var port = metricsPort.ToString(CultureInfo.InvariantCulture);
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, new Dictionary<string, string?>
        {
            ["Soldr:Metrics:Port"] = port,
            ["Kestrel:Endpoints:metrics:Url"] = $"http://127.0.0.1:{port}",
        });
        using var scraper = new HttpClient();
        using var ui = admin.Ui();
        using var api = admin.Http();

        using var scraped = await scraper.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        using var onUi = await ui.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var onApi = await api.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("# TYPE", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, onUi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
    }
}
