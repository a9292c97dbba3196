using Microsoft.Extensions.Configuration;

namespace Soldr.ServiceDefaults.Telemetry;

/// <summary>
/// Which signals leave the process: all of them over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// metrics also when Prometheus scrapes them (<c>Soldr:Metrics:Port</c>). What is not exported is not
/// collected either: listening without an exporter made every request and every send create spans and
/// measurements that were dropped (docs/benchmarks.md).
/// </summary>
public sealed record TelemetryExport(bool Otlp, int? ScrapePort)
{
    public bool Traces => Otlp;

    public bool Logs => Otlp;

    public bool Metrics => Otlp || ScrapePort is not null;

    public static TelemetryExport From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new TelemetryExport(
            !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]),
            configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>()?.Port);
    }
}
