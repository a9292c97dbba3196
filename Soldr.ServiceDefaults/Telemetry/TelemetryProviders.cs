using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Soldr.ServiceDefaults.Telemetry;

/// <summary>
/// Resolving the providers is what starts them listening; this runs at host start so the first request
/// is already traced. Disposal is left to the container.
/// </summary>
internal sealed class TelemetryProviders(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService
{
    public TracerProvider TracerProvider { get; } = tracerProvider;

    public MeterProvider MeterProvider { get; } = meterProvider;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
