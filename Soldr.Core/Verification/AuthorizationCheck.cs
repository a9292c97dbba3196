using System.Security.Cryptography;
using System.Text;
using Soldr.Client.Contracts;

namespace Soldr.Core.Verification;

/// <summary>
/// A secret sent as is: <c>Authorization: Bearer &lt;token&gt;</c> or <c>Authorization: Basic base64(user:password)</c>.
/// Both sides are hashed with SHA-256 before the constant-time comparison, so neither the secret's content
/// nor its length leaks through timing.
/// </summary>
internal static class AuthorizationCheck
{
    public const string Header = "Authorization";

    /// <summary>
    /// With <c>Header</c> set to another header (GitLab's <c>X-Gitlab-Token</c>, say), its whole value is the
    /// token; in <c>Authorization</c> the token follows the <c>Bearer</c> scheme.
    /// </summary>
    public static VerificationResult Bearer(VerificationSettings settings, RequestHeaders headers, string[] secrets)
    {
        var name = settings.Header ?? Header;
        if (!headers.TryGetSingle(name, out var value, out var problem))
        {
            return VerificationResult.Fail(VerificationKinds.Bearer, problem);
        }

        var token = value.AsSpan();
        if (string.Equals(name, Header, StringComparison.OrdinalIgnoreCase) && !TryCredentials(value, "Bearer", out token))
        {
            // The scheme is not quoted back: a client that sent the token alone would see it echoed.
            return VerificationResult.Fail(VerificationKinds.Bearer, $"{Header} is not a Bearer token");
        }

        var received = Hash(token);
        return Match(VerificationKinds.Bearer, received, secrets, "token matches", "token does not match");
    }

    public static VerificationResult Basic(VerificationSettings settings, RequestHeaders headers, string[] secrets)
    {
        var name = settings.Header ?? Header;
        if (!headers.TryGetSingle(name, out var value, out var problem))
        {
            return VerificationResult.Fail(VerificationKinds.Basic, problem);
        }

        if (!TryCredentials(value, "Basic", out var encoded))
        {
            return VerificationResult.Fail(VerificationKinds.Basic, $"{DisplayText.Of(name)} is not Basic credentials");
        }

        var decoded = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written))
        {
            return VerificationResult.Fail(VerificationKinds.Basic, "Basic credentials are not base64");
        }

        // RFC 7617 credentials are UTF-8, as the configured user:password is; the bytes are compared as sent.
        var received = SHA256.HashData(decoded.AsSpan(0, written));
        return Match(VerificationKinds.Basic, received, secrets, "credentials match", "credentials do not match");
    }

    private static VerificationResult Match(string kind, byte[] received, string[] secrets, string matches, string differs)
    {
        for (var i = 0; i < secrets.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(received, Hash(secrets[i])))
            {
                return VerificationResult.Pass(kind, $"{matches} ({AcceptedSecrets.Name(i, secrets.Length)})");
            }
        }

        return VerificationResult.Fail(kind, differs);
    }

    // RFC 9110 §11.1: the scheme is case-insensitive and separated from its credentials by spaces.
    private static bool TryCredentials(string value, string scheme, out ReadOnlySpan<char> credentials)
    {
        credentials = default;
        if (value.Length <= scheme.Length
            || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || value[scheme.Length] != ' ')
        {
            return false;
        }

        credentials = value.AsSpan(scheme.Length).Trim(' ');
        return !credentials.IsEmpty;
    }

    private static byte[] Hash(ReadOnlySpan<char> text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        return SHA256.HashData(bytes);
    }
}
