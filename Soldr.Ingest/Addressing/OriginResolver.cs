using System.Net;
using Microsoft.Extensions.Primitives;

namespace Soldr.Ingest.Addressing;

/// <summary>
/// Who sent a request, and over which scheme. <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed only when the peer is a trusted proxy, and then only up to the first address no trusted proxy
/// vouches for: entries left of it could be made up by the sender itself. Each proxy appends the address
/// it was reached from and the scheme it was reached over, so read from the right the two lists pair up.
/// </summary>
internal sealed class OriginResolver(TrustedProxies proxies)
{
    public Origin Resolve(HttpContext context)
    {
        // Kestrel names the connection's scheme http or https; anything else is not recorded as such.
        var scheme = Schemes.Normalise(context.Request.Scheme) ?? Schemes.Http;
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return new Origin(null, scheme);
        }

        peer = TrustedProxies.Normalise(peer);
        if (proxies.IsEmpty || !proxies.Contains(peer))
        {
            return new Origin(peer.ToString(), scheme);
        }

        var hops = Entries(context.Request.Headers["X-Forwarded-For"]);
        var protos = Entries(context.Request.Headers["X-Forwarded-Proto"]);
        if (hops.Count == 0)
        {
            // A proxy that reports only the scheme it was reached over.
            return new Origin(peer.ToString(), protos.Count > 0 ? Schemes.Normalise(protos[^1]) ?? scheme : scheme);
        }

        var schemeBelieved = true;
        for (var k = 1; k <= hops.Count; k++)
        {
            if (!IPAddress.TryParse(hops[^k], out var hop))
            {
                // Garbage from an untrusted party: the last address we can vouch for is the answer.
                return new Origin(peer.ToString(), scheme);
            }

            // The scheme this hop used, as the trusted proxy it reached reports it. A value that is
            // neither http nor https ends belief in the list: the last scheme vouched for stands.
            if (schemeBelieved && k <= protos.Count)
            {
                var reported = Schemes.Normalise(protos[^k]);
                schemeBelieved = reported is not null;
                scheme = reported ?? scheme;
            }

            hop = TrustedProxies.Normalise(hop);
            if (!proxies.Contains(hop))
            {
                return new Origin(hop.ToString(), scheme);
            }

            peer = hop;
        }

        // Every hop was a trusted proxy: the left-most one is as close to the sender as we can tell.
        return new Origin(peer.ToString(), scheme);
    }

    // Repeated headers and comma-separated lists read alike, in the order they were written.
    private static List<string> Entries(StringValues values)
    {
        var entries = new List<string>();
        foreach (var value in values)
        {
            entries.AddRange((value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return entries;
    }
}
