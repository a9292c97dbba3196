using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Soldr.Tests.Ingest;

/// <summary>Counts one ingest host's <c>soldr.ingest.requests</c> by result.</summary>
public sealed class IngestMetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byResult = new(StringComparer.Ordinal);

    public IngestMetricsProbe(IngestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var factory = host.App.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Soldr.Ingest" && instrument.Name == "soldr.ingest.requests" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var (key, result) in tags)
            {
                if (key == "result" && result is string name)
                {
                    _byResult.AddOrUpdate(name, value, (_, total) => total + value);
                }
            }
        });
        _listener.Start();
    }

    public long this[string result] => _byResult.GetValueOrDefault(result);

    public void Dispose() => _listener.Dispose();
}
