using System.Net;
using System.Security.Cryptography;
using System.Text;
using Soldr.Client.Contracts;
using Soldr.Core.Verification;

namespace Soldr.Tests.Verification;

/// <summary>
/// Builds requests as providers sign them and checks each result: whatever the outcome, its detail must
/// hold neither a configured secret nor any signature or token the request carried.
/// </summary>
internal static class SignedRequest
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string HexHmac(HashAlgorithmName algorithm, string key, string message) =>
        Convert.ToHexStringLower(CryptographicOperations.HmacData(algorithm, Utf8(key), Utf8(message)));

    public static string Base64Hmac(HashAlgorithmName algorithm, string key, string message) =>
        Convert.ToBase64String(CryptographicOperations.HmacData(algorithm, Utf8(key), Utf8(message)));

    public static VerificationResult Verify(
        VerificationSettings settings,
        string body,
        params (string Name, string Value)[] headers) =>
        Verify(settings, body, null, Now, headers);

    public static VerificationResult Verify(
        VerificationSettings settings,
        string body,
        IPAddress? source,
        DateTimeOffset now,
        params (string Name, string Value)[] headers)
    {
        var list = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        var result = RequestVerifier.Verify(settings, list, Utf8(body), source, now);
        AssertKeepsSecrets(result, settings, headers);
        return result;
    }

    public static void AssertKeepsSecrets(
        VerificationResult result,
        VerificationSettings settings,
        (string Name, string Value)[] headers)
    {
        foreach (var secret in new[] { settings.Secret, settings.PreviousSecret }.Where(s => !string.IsNullOrEmpty(s)))
        {
            Assert.DoesNotContain(secret!, result.Detail, StringComparison.OrdinalIgnoreCase);
        }

        // Origins and addresses may be quoted; every other value a request carried is a signature, id or token.
        foreach (var (name, value) in headers.Where(h => !h.Name.Equals("Origin", StringComparison.OrdinalIgnoreCase)))
        {
            var parts = value.Split([' ', ',', '=', ':'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var part in parts.Where(p => p.Length >= 8))
            {
                Assert.DoesNotContain(part, result.Detail, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(result.Detail, char.IsControl);
    }
}
