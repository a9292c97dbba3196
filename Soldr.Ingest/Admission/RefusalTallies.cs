using System.Collections.Concurrent;
using Soldr.Core.Diagnostics;

namespace Soldr.Ingest.Admission;

/// <summary>
/// A <see cref="RefusalTally"/> per key (a webhook, a source), for refusals reported per key rather than for
/// ingest as a whole. Keys are the webhooks that configured what refuses, or the sources a limit applies to.
/// </summary>
internal sealed class RefusalTallies(TimeProvider timeProvider, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, RefusalTally> _tallies = new(StringComparer.Ordinal);

    /// <inheritdoc cref="RefusalTally.Add"/>
    public bool Add(string key, out long refused) =>
        _tallies.GetOrAdd(key, _ => new RefusalTally(timeProvider, interval)).Add(out refused);
}
