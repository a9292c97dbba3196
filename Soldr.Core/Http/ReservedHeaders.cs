using System.Collections.Frozen;
using Soldr.Core.Signing;

namespace Soldr.Core.Http;

/// <summary>
/// Header names a destination's own headers (its settings' <c>Headers</c>) may not set: those that describe
/// the connection or that the client computes (RFC 9110 §7.6.1), and those Soldr writes on every delivery
/// (its request id and attempt, the forwarding headers, the Standard Webhooks headers). A setting that set
/// them could break the message's framing or spoof what receivers rely on.
/// </summary>
public static class ReservedHeaders
{
    private static readonly FrozenSet<string> Names = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Expect",
        "Forwarded", "X-Real-IP",
        StandardWebhookSignature.IdHeader, StandardWebhookSignature.TimestampHeader, StandardWebhookSignature.SignatureHeader,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is reserved: every <c>X-Forwarded-*</c> and <c>Soldr-*</c> header counts.</summary>
    public static bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Names.Contains(name)
            || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Soldr-", StringComparison.OrdinalIgnoreCase);
    }
}
