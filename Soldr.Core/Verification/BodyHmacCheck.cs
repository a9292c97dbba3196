using System.Security.Cryptography;
using System.Text;
using Soldr.Client.Contracts;

namespace Soldr.Core.Verification;

/// <summary>
/// One HMAC of the raw body in one header, keyed with the secret's UTF-8 bytes: GitHub
/// (<c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>), Shopify (<c>X-Shopify-Hmac-Sha256: &lt;base64&gt;</c>) and the
/// generic <c>hmac</c> kind, whose header, hash, encoding and prefix are configured.
/// </summary>
internal static class BodyHmacCheck
{
    public const string GitHubHeader = "X-Hub-Signature-256";
    public const string GitHubPrefix = "sha256=";
    public const string ShopifyHeader = "X-Shopify-Hmac-Sha256";

    private readonly record struct Scheme(string Kind, string? Header, string Prefix, string? Algorithm, bool Base64);

    public static VerificationResult Check(
        string kind,
        VerificationSettings settings,
        RequestHeaders headers,
        ReadOnlySpan<byte> body,
        string[] secrets)
    {
        var scheme = kind switch
        {
            VerificationKinds.GitHub => new Scheme(kind, settings.Header ?? GitHubHeader, GitHubPrefix, null, Base64: false),
            VerificationKinds.Shopify => new Scheme(kind, settings.Header ?? ShopifyHeader, string.Empty, null, Base64: true),
            _ => new Scheme(
                kind,
                settings.Header,
                settings.Prefix ?? string.Empty,
                settings.Algorithm,
                HmacAlgorithms.IsBase64(settings.Encoding)),
        };
        return Check(scheme, headers, body, secrets);
    }

    private static VerificationResult Check(Scheme scheme, RequestHeaders headers, ReadOnlySpan<byte> body, string[] secrets)
    {
        var kind = scheme.Kind;
        if (string.IsNullOrEmpty(scheme.Header))
        {
            return VerificationResult.Fail(kind, "no header is configured");
        }

        if (!HmacAlgorithms.TryFind(scheme.Algorithm, out var algorithm, out var size))
        {
            return VerificationResult.Fail(kind, "the configured algorithm is not supported");
        }

        var name = DisplayText.Of(scheme.Header);
        if (!headers.TryGetSingle(scheme.Header, out var value, out var problem))
        {
            return VerificationResult.Fail(kind, problem);
        }

        // The prefix is a fixed label (sha256=), not part of the secret, so comparing it normally leaks nothing.
        if (!value.StartsWith(scheme.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Fail(kind, $"{name} does not start with {DisplayText.Of(scheme.Prefix)}");
        }

        var text = value.AsSpan(scheme.Prefix.Length);
        var received = scheme.Base64 ? SignatureBytes.FromBase64(text, size) : SignatureBytes.FromHex(text, size);
        if (received is null)
        {
            return VerificationResult.Fail(kind, $"signature is not {(scheme.Base64 ? "base64" : "hex")} of {size} bytes");
        }

        for (var i = 0; i < secrets.Length; i++)
        {
            var expected = CryptographicOperations.HmacData(algorithm, Encoding.UTF8.GetBytes(secrets[i]), body);
            if (CryptographicOperations.FixedTimeEquals(received, expected))
            {
                return VerificationResult.Pass(kind, $"{name} verified ({AcceptedSecrets.Name(i, secrets.Length)})");
            }
        }

        return VerificationResult.Fail(kind, "signature does not match");
    }
}
