using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Soldr.ServiceDefaults;
using Soldr.Tests.Infrastructure;
using Soldr.Tests.Ingest;

namespace Soldr.Tests.ServiceDefaults;

public sealed class TelemetryExportTests
{
    private static readonly Action<ILogger, Exception?> SayingHello = LoggerMessage.Define(LogLevel.Information, new EventId(1), "saying hello");

    [Fact]
    public async Task TracesMetricsAndLogs_AreExportedOverOtlp_UnderTheConfiguredServiceName()
    {
        await using var collector = await HttpReceiver.StartAsync(200);

        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString(),
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
        // A caller that sends no trace context, as most webhook senders: over a plain socket, since this
        // process's own HttpClient would be traced too, as a call nothing traced started, and pass on
        // "not sampled".
        var hello = await RawHttp.SendAsync(
            app.BaseAddress(), "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", _ => Task.CompletedTask);
        Assert.Equal(200, hello.Status);

        // Stopping disposes the providers, which flushes whatever is still batched.
        await app.StopAsync();
        await app.DisposeAsync();

        await Eventually.UntilAsync(() => collector.Received.Any(p => p.PathAndQuery == "/v1/traces"), "a trace export");
        await Eventually.UntilAsync(() => collector.Received.Any(p => p.PathAndQuery == "/v1/metrics"), "a metric export");
        await Eventually.UntilAsync(() => collector.Received.Any(p => p.PathAndQuery == "/v1/logs"), "a log export");
        var traces = collector.Received.Where(p => p.PathAndQuery == "/v1/traces").SelectMany(p => p.Body).ToArray();
        Assert.Contains("soldr-telemetry-test", Encoding.UTF8.GetString(traces), StringComparison.Ordinal);
        Assert.Contains("/hello", Encoding.UTF8.GetString(traces), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnOtlpEndpoint_NothingListens_SoRequestsCreateNoSpans()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>());
        // Logging on, as in the services: ASP.NET Core starts a span per request when it can log.
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        var app = builder.Build();
        Activity? seen = null;
        app.MapGet("/hello", () =>
        {
            seen = Activity.Current;
            return "hello";
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = app.BaseAddress() };
            Assert.Equal("hello", await http.GetStringAsync("/hello"));

            Assert.Null(app.Services.GetService<TracerProvider>());
            Assert.Null(app.Services.GetService<MeterProvider>());
            Assert.Null(app.Services.GetService<LoggerProvider>());
            Assert.Null(seen);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
