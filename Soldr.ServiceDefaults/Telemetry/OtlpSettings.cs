using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Soldr.ServiceDefaults.Telemetry;

/// <summary>
/// The standard <c>OTEL_EXPORTER_OTLP_*</c> settings, read from configuration (which includes the
/// environment) so that they also work when given as command-line arguments or in appsettings.
/// </summary>
internal sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol, string? Headers)
{
    public static OtlpSettings? Read(IConfiguration configuration)
    {
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Configuration key 'OTEL_EXPORTER_OTLP_ENDPOINT' is not an absolute URL: '{endpoint}'.");
        }

        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException(
                $"Configuration key 'OTEL_EXPORTER_OTLP_PROTOCOL' must be 'grpc' or 'http/protobuf', not '{other}'."),
        };
        return new OtlpSettings(uri, protocol, configuration["OTEL_EXPORTER_OTLP_HEADERS"]);
    }

    /// <summary>
    /// Applies the settings for one signal. Over HTTP the exporter posts to the URL as given once it is
    /// set in code, so the signal's path (<c>v1/traces</c>, ...) is appended here as the SDK would.
    /// </summary>
    public void Apply(OtlpExporterOptions options, string signalPath)
    {
        options.Protocol = Protocol;
        options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : Endpoint;
        if (Headers is not null)
        {
            options.Headers = Headers;
        }
    }
}
