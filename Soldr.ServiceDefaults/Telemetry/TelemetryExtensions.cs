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
    /// <summary>
    /// Traces, metrics and logs through the OpenTelemetry SDK builders. The providers are container
    /// singletons, so the host disposes (and thereby flushes) them on shutdown.
    /// </summary>
    public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = OtlpSettings.Read(builder.Configuration);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name
            ? name
            : builder.Environment.ApplicationName;

        ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(Resource());
            if (otlp is not null)
            {
                logging.AddOtlpExporter(options => otlp.Apply(options, "v1/logs"));
            }
        });

        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(Resource())
                .AddSource(TelemetrySources.ActivitySources);
            if (otlp is not null)
            {
                tracing.AddOtlpExporter(options => otlp.Apply(options, "v1/traces"));
            }

            return tracing.Build();
        });

        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(Resource())
                .AddMeter(TelemetrySources.Meters);
            if (otlp is not null)
            {
                metrics.AddOtlpExporter(options => otlp.Apply(options, "v1/metrics"));
            }

            return metrics.Build();
        });

        builder.Services.AddHostedService<TelemetryProviders>();
        return builder;
    }
}
