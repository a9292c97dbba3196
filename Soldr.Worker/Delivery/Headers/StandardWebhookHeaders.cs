using System.Globalization;
using System.Net.Http.Headers;
using Soldr.Core.Signing;

namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Soldr's Standard Webhooks signature of an attempt: <c>webhook-id</c> is the request id, the same on every
/// retry so receivers can de-duplicate; <c>webhook-timestamp</c> is the attempt's own time, so a receiver's
/// replay window holds for a retry hours later; <c>webhook-signature</c> covers exactly the body sent.
/// </summary>
internal static class StandardWebhookHeaders
{
    public static bool Contains(string name) =>
        name.Equals(StandardWebhookSignature.IdHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(StandardWebhookSignature.TimestampHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals(StandardWebhookSignature.SignatureHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the provider sent any of the three headers itself.</summary>
    public static bool AnyIn(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, _) in headers)
        {
            if (Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    public static void Sign(HttpRequestHeaders headers, string id, DateTimeOffset at, byte[] body, IReadOnlyList<byte[]> keys)
    {
        var timestamp = at.ToUnixTimeSeconds();
        headers.TryAddWithoutValidation(StandardWebhookSignature.IdHeader, id);
        headers.TryAddWithoutValidation(StandardWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        var signature = StandardWebhookSignature.Header(keys, id, timestamp, body);
        headers.TryAddWithoutValidation(StandardWebhookSignature.SignatureHeader, signature);
    }
}
