using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Soldr.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Traces, metrics and logs through the OpenTelemetry SDK builders, exported over OTLP. The providers
    /// are container singletons, so the host disposes (and thereby flushes) them on shutdown.
    /// Without an OTLP endpoint nothing is collected: listening would make every request and every send
    /// create spans and record measurements that nobody receives.
    /// </summary>
    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (OtlpSettings.Read(builder.Configuration) is not { } otlp)
        {
            // ASP.NET Core also starts a span for every request whenever its hosting logger is enabled at
            // any level, to give log scopes a trace id. Nobody would receive it, and ingest would store its
            // id in place of the sender's own traceparent.
            builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name
            ? name
            : builder.Environment.ApplicationName;

        ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(Resource());
            logging.AddOtlpExporter(options => otlp.Apply(options, "v1/logs"));
        });

        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(Resource())
            .AddSource(TelemetrySources.ActivitySources)
            .AddOtlpExporter(options => otlp.Apply(options, "v1/traces"))
            .Build());

        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(Resource())
            .AddMeter(TelemetrySources.Meters)
            .AddOtlpExporter(options => otlp.Apply(options, "v1/metrics"))
            .Build());

        builder.Services.AddHostedService<TelemetryProviders>();
        return builder;
    }
}
