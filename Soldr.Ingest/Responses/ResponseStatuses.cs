using System.Collections.Frozen;

namespace Soldr.Ingest.Responses;

/// <summary>
/// The status each webhook answers with, as last read from PostgreSQL. Reads never wait on the database;
/// a name not in the snapshot (unknown, or not read yet) gets the default, like any webhook that did not
/// choose, so the answer does not tell which names exist.
/// </summary>
internal sealed class ResponseStatuses
{
    public const int Default = StatusCodes.Status202Accepted;

    private FrozenDictionary<string, int> _statuses = FrozenDictionary<string, int>.Empty;

    public int For(string webhook) => Volatile.Read(ref _statuses).TryGetValue(webhook, out var status) ? status : Default;

    public void Replace(IReadOnlyDictionary<string, int> statuses) =>
        Volatile.Write(ref _statuses, statuses.ToFrozenDictionary(StringComparer.Ordinal));
}
