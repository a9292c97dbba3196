using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Soldr.ServiceDefaults;
using Soldr.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

// Adds common Aspire services: service discovery, resilience, health checks, and OpenTelemetry.
// This project should be referenced by each service project in your solution.
// To learn more about using this project, see https://aka.ms/dotnet/aspire/service-defaults
// Soldr's changes to the template are marked "Soldr:" and say why.
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    // Soldr: Prometheus's scrape endpoint, on a port of its own (Soldr:Metrics:Port).
    private const string MetricsEndpointPath = "/metrics";

    // Soldr: its sources and meters are named by area (Soldr.Ingest, Soldr.Delivery), not by application.
    private const string SoldrSources = "Soldr.*";

    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Turn on resilience by default
            http.AddStandardResilienceHandler();

            // Turn on service discovery by default
            http.AddServiceDiscovery();
        });

        // Soldr: its services take the time from an injected TimeProvider, which tests replace.
        builder.Services.TryAddSingleton(TimeProvider.System);

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Soldr: only what is exported is collected (see TelemetryExport for why).
        var export = TelemetryExport.From(builder.Configuration);
        builder.Services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (export.Logs)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
        }

        if (export.Metrics)
        {
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics =>
                {
                    metrics.AddAspNetCoreInstrumentation()
                        .AddHttpClientInstrumentation()
                        .AddRuntimeInstrumentation()
                        .AddMeter(SoldrSources);
                });
        }

        if (export.Traces)
        {
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing =>
                {
                    tracing.ConfigureSampler((_, chosen) => new NoStrayClientCallsSampler(chosen))
                        .AddSource(SoldrSources)
                        .AddAspNetCoreInstrumentation(tracing =>
                            // Exclude health check (Soldr: and scrape) requests from tracing
                            tracing.Filter = context =>
                                !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                                && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                                && !context.Request.Path.StartsWithSegments(MetricsEndpointPath)
                        )
                        .AddHttpClientInstrumentation();
                });
        }
        else
        {
            // Soldr: ASP.NET Core also starts a span for every request whenever its hosting logger is enabled
            // at any level, to give log scopes a trace id. Nobody would receive it, and ingest would save its
            // id in place of the sender's own traceparent.
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
        }

        builder.AddOpenTelemetryExporters(export);

        return builder;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder, TelemetryExport export) where TBuilder : IHostApplicationBuilder
    {
        if (export.Otlp)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        // Soldr: Prometheus scrapes metrics from MapDefaultEndpoints' /metrics.
        if (export.ScrapePort is not null)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            // Add a default liveness check to ensure app is responsive
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Soldr: mapped in every environment, because the AppHost runs the services as Production and waits on
        // /health. The answers say each check's status only (HealthResponseWriter): reasons name internal hosts.

        // All health checks must pass for app to be considered ready to accept traffic after starting
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });

        // Only health checks tagged with the "live" tag must pass for app to be considered alive
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });

        // Soldr: /metrics answers only on the port set aside for it, so a public port (ingest's) never serves it.
        if (TelemetryExport.From(app.Configuration).ScrapePort is { } port)
        {
            app.MapPrometheusScrapingEndpoint(
                MetricsEndpointPath,
                meterProvider: null,
                configureBranchedPipeline: scrape => scrape.Use((context, next) => OnlyOnPort(context, next, port)),
                optionsName: null);
        }

        return app;
    }

    private static Task OnlyOnPort(HttpContext context, RequestDelegate next, int port)
    {
        if (context.Connection.LocalPort == port)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
