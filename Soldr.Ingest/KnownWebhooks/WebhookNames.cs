using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// The names of the webhooks, as last read from PostgreSQL, for <c>UnknownWebhooks=Reject</c>. Reads never
/// wait on the database. With <c>Save</c> (the default) every name is admitted and nothing is read.
/// </summary>
internal sealed class WebhookNames(IOptions<IngestOptions> options)
{
    private readonly bool _rejectUnknown = options.Value.UnknownWebhooks == UnknownWebhooks.Reject;
    private FrozenSet<string> _names = FrozenSet<string>.Empty;

    public bool RejectUnknown => _rejectUnknown;

    public int Count => Volatile.Read(ref _names).Count;

    /// <summary>Whether a request for <paramref name="webhook"/> is read and saved.</summary>
    public bool Admits(string webhook) => !_rejectUnknown || Volatile.Read(ref _names).Contains(webhook);

    public void Replace(IEnumerable<string> names) =>
        Volatile.Write(ref _names, names.ToFrozenSet(StringComparer.Ordinal));
}
