using System.Net;

namespace Soldr.Ingest.Addressing;

/// <summary>
/// Who sent a request. <c>X-Forwarded-For</c> is believed only when the peer is a trusted proxy, and then
/// only up to the first address no trusted proxy vouches for: entries left of it could be made up by the
/// sender itself.
/// </summary>
internal sealed class SourceAddress(TrustedProxies proxies)
{
    public string? Resolve(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return null;
        }

        peer = TrustedProxies.Normalise(peer);
        if (proxies.IsEmpty || !proxies.Contains(peer))
        {
            return peer.ToString();
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"];
        for (var h = forwarded.Count - 1; h >= 0; h--)
        {
            var hops = (forwarded[h] ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var i = hops.Length - 1; i >= 0; i--)
            {
                if (!IPAddress.TryParse(hops[i], out var hop))
                {
                    // Garbage from an untrusted party: the last address we can vouch for is the answer.
                    return peer.ToString();
                }

                hop = TrustedProxies.Normalise(hop);
                if (!proxies.Contains(hop))
                {
                    return hop.ToString();
                }

                peer = hop;
            }
        }

        // Every hop was a trusted proxy: the left-most one is as close to the sender as we can tell.
        return peer.ToString();
    }
}
