using System.Collections.Concurrent;

namespace Soldr.Worker.Delivery.Urls;

/// <summary>
/// Parsed destination URLs, so that a send parses its destination once per distinct URL rather than once
/// per delivery. Few destinations exist; an edited URL is a new entry, and the cache is emptied if it
/// ever grows past its bound.
/// </summary>
internal sealed class DestinationUrls
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, DestinationUrl?> _parsed = new(StringComparer.Ordinal);

    /// <summary>The parsed URL, or null if it is not an absolute http or https URL.</summary>
    public DestinationUrl? Get(string url)
    {
        if (_parsed.TryGetValue(url, out var parsed))
        {
            return parsed;
        }

        if (_parsed.Count >= MaxEntries)
        {
            _parsed.Clear();
        }

        parsed = DestinationUrl.Parse(url);
        _parsed[url] = parsed;
        return parsed;
    }
}
