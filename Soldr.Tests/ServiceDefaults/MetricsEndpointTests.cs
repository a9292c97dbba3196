using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.ServiceDefaults;

/// <summary>
/// <c>/metrics</c> on a real Kestrel host listening on two ports, as a service does under the AppHost: its
/// public port and the port set aside for scraping (<c>Soldr:Metrics:Port</c>).
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AreServedOnTheMetricsPort_WithSoldrsOwnMeters()
    {
        var metricsPort = Soldr.AppHost.Hosting.Ports.GetFree();
        await using var app = await StartAsync(metricsPort);
        using var meter = app.Services.GetRequiredService<IMeterFactory>().Create("Soldr.Tests");
        meter.CreateCounter<long>("soldr.tests.scraped").Add(3);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("soldr_tests_scraped", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AreNotFound_OnThePublicPort()
    {
        var metricsPort = Soldr.AppHost.Hosting.Ports.GetFree();
        await using var app = await StartAsync(metricsPort);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(PublicAddress(app, metricsPort), "/metrics"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AreNotServedAtAll_WithoutAMetricsPort()
    {
        await using var app = await StartAsync(metricsPort: null);
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ScrapingAlone_CollectsNoSpans()
    {
        var metricsPort = Soldr.AppHost.Hosting.Ports.GetFree();
        await using var app = await StartAsync(metricsPort);

        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task AMetricsPortThatIsNoPort_FailsAtStartUp_NamingTheKey()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["Soldr:Metrics:Port"] = "70000" });
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("65535", error.Message, StringComparison.Ordinal);
    }

    private static Uri PublicAddress(WebApplication app, int metricsPort) =>
        app.Urls.Select(url => new Uri(url)).First(url => url.Port != metricsPort);

    private static async Task<WebApplication> StartAsync(int? metricsPort)
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["Soldr:Metrics:Port"] = metricsPort?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (metricsPort is { } port)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        }

        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }
}
