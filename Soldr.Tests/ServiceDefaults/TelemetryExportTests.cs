using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Soldr.ServiceDefaults;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.ServiceDefaults;

public sealed class TelemetryExportTests
{
    private static readonly Action<ILogger, Exception?> SayingHello = LoggerMessage.Define(LogLevel.Information, new EventId(1), "saying hello");

    [Fact]
    public async Task TracesMetricsAndLogs_AreExportedOverOtlp_UnderTheConfiguredServiceName()
    {
        var posts = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var collector = await StartCollectorAsync(posts);

        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress().ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "soldr-telemetry-test",
        });
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapGet("/hello", (ILogger<TelemetryExportTests> logger) =>
        {
            SayingHello(logger, null);
            return "hello";
        });
        await app.StartAsync();
        using (var http = new HttpClient { BaseAddress = app.BaseAddress() })
        {
            Assert.Equal("hello", await http.GetStringAsync("/hello"));
        }

        // Stopping disposes the providers, which flushes whatever is still batched.
        await app.StopAsync();
        await app.DisposeAsync();

        await Eventually.UntilAsync(() => posts.Any(p => p.Path == "/v1/traces"), "a trace export");
        await Eventually.UntilAsync(() => posts.Any(p => p.Path == "/v1/metrics"), "a metric export");
        await Eventually.UntilAsync(() => posts.Any(p => p.Path == "/v1/logs"), "a log export");
        var traces = posts.Where(p => p.Path == "/v1/traces").SelectMany(p => p.Body).ToArray();
        Assert.Contains("soldr-telemetry-test", Encoding.UTF8.GetString(traces), StringComparison.Ordinal);
        Assert.Contains("/hello", Encoding.UTF8.GetString(traces), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string Path, byte[] Body)> posts)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = TestHosts.ContentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var collector = builder.Build();
        collector.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            posts.Enqueue((context.Request.Path.Value ?? string.Empty, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await collector.StartAsync();
        return collector;
    }
}
