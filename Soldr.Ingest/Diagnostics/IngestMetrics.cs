using System.Diagnostics.Metrics;
using Soldr.Core.Requests;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Spool;

namespace Soldr.Ingest.Diagnostics;

/// <summary>
/// The <c>Soldr.Ingest</c> meter: what happened to each request, how many requests each commit carried,
/// how many wait in the spool, and how much memory request bodies hold.
/// </summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "Soldr.Ingest";

    private readonly Counter<long> _requests;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _verificationFailures;
    private readonly Counter<long> _duplicates;

    private readonly Meter _meter;

    public IngestMetrics(IMeterFactory meterFactory, RequestSpool spool, BodyMemoryBudget budget)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("soldr.ingest.requests", "{request}",
            "Requests answered, by result: saved, spooled, rejected, limited, overloaded or unavailable.");
        _verificationFailures = meter.CreateCounter<long>("soldr.ingest.verification.failures", "{request}",
            "Requests that failed their webhook's verification, by webhook, check and action: rejected or flagged.");
        _duplicates = meter.CreateCounter<long>("soldr.ingest.duplicates", "{request}",
            "Requests saved as repeats of an event already received, by webhook; none is delivered.");
        _batchSize = meter.CreateHistogram<int>("soldr.ingest.batch.size", "{request}",
            "Requests written to PostgreSQL in one commit.");
        meter.CreateObservableGauge("soldr.ingest.spool.pending", () => spool.PendingCount, "{request}",
            "Requests kept in the local spool and not yet drained into PostgreSQL.");
        meter.CreateObservableGauge("soldr.ingest.body.memory", () => budget.Reserved, "By",
            "Request-body bytes held in memory, of the budget Soldr:Ingest:MaxBodyMemoryBytes.");
        _meter = meter;
    }

    /// <summary>The group commit's queue, observed through <paramref name="queued"/> (the writer depends on these metrics).</summary>
    public void ObserveQueue(Func<int> queued) =>
        _meter.CreateObservableGauge("soldr.ingest.queue", queued, "{request}", "Requests waiting to be taken into a commit.");

    public void Saved(int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("result", "saved"));

    public void Spooled(int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("result", "spooled"));

    public void Rejected() => _requests.Add(1, new KeyValuePair<string, object?>("result", "rejected"));

    /// <summary>Answered 429 at once: over its webhook's (or its source's) ingest limit.</summary>
    public void Limited() => _requests.Add(1, new KeyValuePair<string, object?>("result", "limited"));

    /// <summary>Answered 503 at once: the memory budget had no room for the body.</summary>
    public void Overloaded() => _requests.Add(1, new KeyValuePair<string, object?>("result", "overloaded"));

    public void Unavailable(int count = 1) => _requests.Add(count, new KeyValuePair<string, object?>("result", "unavailable"));

    public void VerificationFailed(string webhook, string method, bool flagged) => _verificationFailures.Add(
        1,
        new KeyValuePair<string, object?>("webhook", webhook),
        new KeyValuePair<string, object?>("check", method),
        new KeyValuePair<string, object?>("action", flagged ? "flagged" : "rejected"));

    public void Duplicate(string webhook) => _duplicates.Add(1, new KeyValuePair<string, object?>("webhook", webhook));

    /// <summary>
    /// Counts the duplicates a save found among requests that were not answered from it (drained from the
    /// spool, or landed after their commit's deadline), and returns each with the id of the first of its event.
    /// </summary>
    public List<(IncomingRequest Request, Guid FirstId)> CountDuplicates(IEnumerable<IncomingRequest> requests, SavedBatch saved)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(saved);
        var found = new List<(IncomingRequest, Guid)>();
        if (saved.Duplicates is { } duplicates)
        {
            foreach (var request in requests)
            {
                if (duplicates.TryGetValue(request.Id, out var first))
                {
                    Duplicate(request.WebhookName);
                    found.Add((request, first));
                }
            }
        }

        return found;
    }

    public void BatchCommitted(int size) => _batchSize.Record(size);
}
