using System.Security.Cryptography;
using Soldr.Client.Contracts;
using Soldr.Core.Signing;

namespace Soldr.Core.Verification;

/// <summary>
/// The Standard Webhooks scheme (<see cref="StandardWebhookSignature"/>): <c>webhook-id</c>,
/// <c>webhook-timestamp</c> and <c>webhook-signature</c> with space-separated <c>v1,&lt;base64&gt;</c> entries,
/// any of which may match; entries of other versions (<c>v1a</c>, ...) are ignored.
/// </summary>
internal static class StandardWebhooksCheck
{
    private const int DigestSize = 32;

    /// <summary>
    /// The key of a secret written <c>whsec_&lt;base64&gt;</c> or, as the specification's reference libraries
    /// also accept, the bare base64; null when it is neither.
    /// </summary>
    public static byte[]? ReadKey(string? secret) =>
        StandardWebhookSecret.TryReadKey(secret)
        ?? (secret is null || secret.StartsWith(StandardWebhookSecret.Prefix, StringComparison.Ordinal)
            ? null
            : StandardWebhookSecret.TryReadKey(StandardWebhookSecret.Prefix + secret));

    public static VerificationResult Check(
        VerificationSettings settings,
        RequestHeaders headers,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        string[] secrets)
    {
        var name = settings.Header ?? StandardWebhookSignature.SignatureHeader;
        if (!headers.TryGetSingle(StandardWebhookSignature.IdHeader, out var id, out var problem)
            || !headers.TryGetSingle(StandardWebhookSignature.TimestampHeader, out var timestampText, out problem)
            || !headers.TryGetSingle(name, out var value, out problem))
        {
            return Fail(problem);
        }

        if (id.Length == 0)
        {
            return Fail($"{StandardWebhookSignature.IdHeader} is empty");
        }

        if (!SignedTimestamp.TryParse(timestampText, out var timestamp))
        {
            return Fail($"{StandardWebhookSignature.TimestampHeader} is not a whole number of seconds");
        }

        if (!SignedTimestamp.IsFresh(timestamp, now, settings.Tolerance, out problem))
        {
            return Fail(problem);
        }

        var signatures = Signatures(value);
        if (signatures.Count == 0)
        {
            return Fail($"{DisplayText.Of(name)} has no v1 signature");
        }

        var keys = 0;
        for (var i = 0; i < secrets.Length; i++)
        {
            if (ReadKey(secrets[i]) is not { } key)
            {
                continue;
            }

            keys++;
            var expected = StandardWebhookSignature.Compute(key, id, timestamp, body);
            if (signatures.Any(s => s is not null && CryptographicOperations.FixedTimeEquals(s, expected)))
            {
                return VerificationResult.Pass(
                    VerificationKinds.StandardWebhooks,
                    $"{DisplayText.Of(name)} verified (v1, {AcceptedSecrets.Name(i, secrets.Length)})");
            }
        }

        return Fail(keys == 0
            ? "no configured secret is a valid Standard Webhooks secret"
            : signatures.Count == 1 ? "signature does not match" : $"none of {signatures.Count} v1 signatures matches");
    }

    private static List<byte[]?> Signatures(string value)
    {
        var signatures = new List<byte[]?>();
        foreach (var entry in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && entry.AsSpan(0, comma).SequenceEqual(StandardWebhookSignature.Version))
            {
                signatures.Add(SignatureBytes.FromBase64(entry.AsSpan(comma + 1), DigestSize));
            }
        }

        return signatures;
    }

    private static VerificationResult Fail(string detail) =>
        VerificationResult.Fail(VerificationKinds.StandardWebhooks, detail);
}
