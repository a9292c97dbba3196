namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Headers that describe one connection (RFC 9110 §7.6.1) or that the client computes itself; they are
/// not forwarded to destinations.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Expect",
    };

    public static bool Contains(string name) => Names.Contains(name);
}
