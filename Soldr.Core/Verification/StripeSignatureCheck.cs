using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Soldr.Client.Contracts;

namespace Soldr.Core.Verification;

/// <summary>
/// Stripe's scheme: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;[,v1=...]</c>, each v1 the hex HMAC-SHA256 of
/// <c>{t}.{body}</c> keyed with the endpoint secret's UTF-8 bytes, <c>whsec_</c> and all (Stripe does not
/// decode it). Any v1 may match; v0 and unknown schemes are ignored, as Stripe's libraries do.
/// </summary>
internal static class StripeSignatureCheck
{
    public const string DefaultHeader = "Stripe-Signature";
    private const int DigestSize = 32;

    public static VerificationResult Check(
        VerificationSettings settings,
        RequestHeaders headers,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        string[] secrets)
    {
        var name = settings.Header ?? DefaultHeader;
        if (!headers.TryGetSingle(name, out var value, out var problem))
        {
            return Fail(problem);
        }

        if (!TryParse(value, out var timestamp, out var signatures, out problem))
        {
            return Fail($"{DisplayText.Of(name)} {problem}");
        }

        if (!SignedTimestamp.IsFresh(timestamp, now, settings.Tolerance, out problem))
        {
            return Fail(problem);
        }

        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}."));
        for (var i = 0; i < secrets.Length; i++)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secrets[i]));
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            var expected = hmac.GetHashAndReset();
            if (signatures.Any(s => s is not null && CryptographicOperations.FixedTimeEquals(s, expected)))
            {
                return VerificationResult.Pass(
                    VerificationKinds.Stripe,
                    $"{DisplayText.Of(name)} verified (v1, {AcceptedSecrets.Name(i, secrets.Length)})");
            }
        }

        return Fail(signatures.Count == 1
            ? "signature does not match"
            : $"none of {signatures.Count} v1 signatures matches");
    }

    private static bool TryParse(string value, out long timestamp, out List<byte[]?> signatures, out string problem)
    {
        (timestamp, signatures, problem) = (0, [], string.Empty);
        var timestamps = 0;
        foreach (var item in value.Split(','))
        {
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var key = item.AsSpan(0, separator).Trim();
            var text = item.AsSpan(separator + 1).Trim();
            if (key.SequenceEqual("t"))
            {
                timestamps++;
                if (!SignedTimestamp.TryParse(text, out timestamp))
                {
                    problem = "has a timestamp that is not a whole number of seconds";
                    return false;
                }
            }
            else if (key.SequenceEqual("v1"))
            {
                // An undecodable entry stays in the list as a miss, so the count in a detail is what was sent.
                signatures.Add(SignatureBytes.FromHex(text, DigestSize));
            }
        }

        problem = timestamps switch
        {
            0 => "has no timestamp (t=)",
            > 1 => "has more than one timestamp (t=)",
            _ when signatures.Count == 0 => "has no v1 signature",
            _ => string.Empty,
        };
        return problem.Length == 0;
    }

    private static VerificationResult Fail(string detail) => VerificationResult.Fail(VerificationKinds.Stripe, detail);
}
