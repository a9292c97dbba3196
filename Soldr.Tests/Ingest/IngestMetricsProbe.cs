using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Soldr.Tests.Ingest;

/// <summary>
/// Counts one ingest host's <c>soldr.ingest.requests</c> by result, and the totals of its verification
/// failures and duplicates.
/// </summary>
public sealed class IngestMetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byResult = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byInstrument = new(StringComparer.Ordinal);

    public IngestMetricsProbe(IngestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var factory = host.App.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Soldr.Ingest" && instrument is Counter<long> && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _byInstrument.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            if (instrument.Name != "soldr.ingest.requests")
            {
                return;
            }

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

    /// <summary>The sum of everything counted on the instrument named <paramref name="instrument"/>.</summary>
    public long Total(string instrument) => _byInstrument.GetValueOrDefault(instrument);

    public void Dispose() => _listener.Dispose();
}
