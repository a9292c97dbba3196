using System.Diagnostics.Metrics;
using Soldr.Ingest.Spool;

namespace Soldr.Ingest.Diagnostics;

/// <summary>
/// The <c>Soldr.Ingest</c> meter: what happened to each request, how many requests each commit carried,
/// and how many wait in the spool.
/// </summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "Soldr.Ingest";

    private readonly Counter<long> _requests;
    private readonly Histogram<int> _batchSize;

    public IngestMetrics(IMeterFactory meterFactory, RequestSpool spool)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("soldr.ingest.requests", "{request}",
            "Requests answered, by result: saved, spooled, rejected or unavailable.");
        _batchSize = meter.CreateHistogram<int>("soldr.ingest.batch.size", "{request}",
            "Requests written to PostgreSQL in one commit.");
        meter.CreateObservableGauge("soldr.ingest.spool.pending", () => spool.PendingCount, "{request}",
            "Requests kept in the local spool and not yet drained into PostgreSQL.");
    }

    public void Saved(int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("result", "saved"));

    public void Spooled(int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("result", "spooled"));

    public void Rejected() => _requests.Add(1, new KeyValuePair<string, object?>("result", "rejected"));

    public void Unavailable(int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("result", "unavailable"));

    public void BatchCommitted(int size) => _batchSize.Record(size);
}
