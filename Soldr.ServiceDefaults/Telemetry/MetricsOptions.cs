using System.ComponentModel.DataAnnotations;

namespace Soldr.ServiceDefaults.Telemetry;

/// <summary>
/// Where Prometheus scrapes a service (section <c>Soldr:Metrics</c>). <c>/metrics</c> answers only on
/// <see cref="Port"/>, a port of its own that is not published: a public port (ingest's) never serves it.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Soldr:Metrics";

    /// <summary>The local port on which <c>/metrics</c> answers; unset, metrics are not served at all.</summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}
