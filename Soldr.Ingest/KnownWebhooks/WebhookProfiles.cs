using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// Each webhook's profile, as last read from PostgreSQL. Reads never wait on the database. A name not in
/// the snapshot gets the default profile, like a webhook that chose nothing, so the answer does not tell
/// which names exist; with <c>UnknownWebhooks=Reject</c> it is not admitted at all.
/// </summary>
internal sealed class WebhookProfiles(IOptions<IngestOptions> options)
{
    private readonly bool _rejectUnknown = options.Value.UnknownWebhooks == UnknownWebhooks.Reject;
    private FrozenDictionary<string, WebhookProfile> _profiles = FrozenDictionary<string, WebhookProfile>.Empty;

    public bool RejectUnknown => _rejectUnknown;

    public int Count => Volatile.Read(ref _profiles).Count;

    /// <summary>Whether a request for <paramref name="webhook"/> is read and saved.</summary>
    public bool Admits(string webhook) => !_rejectUnknown || Volatile.Read(ref _profiles).ContainsKey(webhook);

    /// <summary>Whether <paramref name="webhook"/> is a webhook, as of the last read.</summary>
    public bool Knows(string webhook) => Volatile.Read(ref _profiles).ContainsKey(webhook);

    public WebhookProfile For(string webhook) =>
        Volatile.Read(ref _profiles).TryGetValue(webhook, out var profile) ? profile : WebhookProfile.Default;

    public void Replace(IReadOnlyDictionary<string, WebhookProfile> profiles) =>
        Volatile.Write(ref _profiles, profiles.ToFrozenDictionary(StringComparer.Ordinal));
}
