using System.Security.Cryptography;
using System.Text;

namespace Soldr.Core.Signing;

/// <summary>
/// The Standard Webhooks signature: base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, written
/// <c>v1,&lt;base64&gt;</c> in <c>webhook-signature</c>, several separated by spaces.
/// </summary>
public static class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string Version = "v1";

    /// <summary>The raw signature of the message under <paramref name="key"/>.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(id);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>The header value signing the message with each key: <c>v1,&lt;sig&gt; v1,&lt;sig&gt;</c>.</summary>
    public static string Header(IReadOnlyList<byte[]> keys, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var parts = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            parts[i] = $"{Version},{Convert.ToBase64String(Compute(keys[i], id, timestamp, body))}";
        }

        return string.Join(' ', parts);
    }
}
