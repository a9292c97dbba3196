using System.Security.Cryptography;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Http;
using Soldr.Core.Signing;

namespace Soldr.Core.Webhooks;

/// <summary>
/// The limits on what a destination adds to its attempts: signing, static headers, Basic credentials and
/// TLS. Each failure starts with the key at fault, prefixed with <c>prefix</c>, and never repeats a value:
/// these settings are secrets.
/// </summary>
public static class OutboundTrustRules
{
    public const string Keep = "keep";
    public const string Replace = "replace";

    private const string KeepOne = "(user:password@); keep one of them.";

    public static void Check(DestinationSettings settings, string prefix, ICollection<string> failures) =>
        Check(settings, url: null, prefix, failures);

    /// <summary>
    /// Also refuses a second source of <c>Authorization</c>: of <c>BasicAuth</c>, <c>Headers:Authorization</c> and
    /// credentials in <paramref name="url"/>, at most one may be given.
    /// </summary>
    public static void Check(DestinationSettings settings, string? url, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(failures);
        CheckSigning(settings.Signing, prefix, failures);
        CheckHeaders(settings.Headers, prefix, failures);
        CheckBasicAuth(settings.BasicAuth, prefix, failures);
        CheckTls(settings.Tls, prefix, failures);
        CheckAuthorizationSources(settings, url, prefix, failures);
    }

    private static void CheckSigning(SigningSettings? signing, string prefix, ICollection<string> failures)
    {
        if (signing is null)
        {
            return;
        }

        if (signing.Secret is not null && StandardWebhookSecret.TryReadKey(signing.Secret) is null)
        {
            failures.Add($"{prefix}Signing:Secret must be {StandardWebhookSecret.Rule}.");
        }

        if (signing.PreviousSecret is not null)
        {
            if (StandardWebhookSecret.TryReadKey(signing.PreviousSecret) is null)
            {
                failures.Add($"{prefix}Signing:PreviousSecret must be {StandardWebhookSecret.Rule}.");
            }

            if (signing.PreviousExpiresAt is null)
            {
                failures.Add(
                    $"{prefix}Signing:PreviousExpiresAt must be set with Signing:PreviousSecret: "
                    + "it says until when the old secret still signs.");
            }
        }

        if (signing.ProviderHeaders is { } mode
            && !mode.Equals(Replace, StringComparison.OrdinalIgnoreCase)
            && !mode.Equals(Keep, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{prefix}Signing:ProviderHeaders must be {Replace} or {Keep}.");
        }
    }

    // A name that is not a token is named by position, not echoed: the key must stay the first word.
    private static void CheckHeaders(Dictionary<string, string>? headers, string prefix, ICollection<string> failures)
    {
        if (headers is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var (name, value) in headers)
        {
            if (!HeaderRules.IsValidName(name))
            {
                failures.Add($"{prefix}Headers entry {position} is not a header name: {HeaderRules.NameRule}.");
            }
            else if (ReservedHeaders.Contains(name))
            {
                failures.Add($"{prefix}Headers:{name} may not be set: it describes the connection, or Soldr sets it itself.");
            }
            else if (!seen.Add(name))
            {
                failures.Add($"{prefix}Headers:{name} is given twice (header names are case-insensitive).");
            }
            else if (!HeaderRules.IsValidValue(value))
            {
                failures.Add($"{prefix}Headers:{name} has an invalid value: {HeaderRules.ValueRule}.");
            }

            position++;
        }
    }

    private static void CheckBasicAuth(BasicAuthSettings? basic, string prefix, ICollection<string> failures)
    {
        if (basic is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(basic.Username))
        {
            failures.Add($"{prefix}BasicAuth:Username must be set.");
        }
        else if (basic.Username.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"{prefix}BasicAuth:Username may not contain ':' (RFC 7617).");
        }

        if (basic.Password is null)
        {
            failures.Add($"{prefix}BasicAuth:Password must be set.");
        }
    }

    private static void CheckTls(TlsSettings? tls, string prefix, ICollection<string> failures)
    {
        if (tls is null)
        {
            return;
        }

        if (tls.CaCertificates is not null && !HasCertificates(tls.CaCertificates))
        {
            failures.Add($"{prefix}Tls:CaCertificates must be one or more PEM certificates (-----BEGIN CERTIFICATE-----).");
        }

        if (tls.ClientCertificate is null != tls.ClientKey is null)
        {
            failures.Add(tls.ClientKey is null
                ? $"{prefix}Tls:ClientKey must be set with Tls:ClientCertificate."
                : $"{prefix}Tls:ClientCertificate must be set with Tls:ClientKey.");
        }
        else if (tls.ClientCertificate is not null && tls.ClientKey is not null)
        {
            CheckClientCertificate(tls.ClientCertificate, tls.ClientKey, prefix, failures);
        }
    }

    private static void CheckClientCertificate(string certificatePem, string keyPem, string prefix, ICollection<string> failures)
    {
        if (!HasCertificates(certificatePem))
        {
            failures.Add($"{prefix}Tls:ClientCertificate must be a PEM certificate, optionally followed by its chain.");
            return;
        }

        try
        {
            var (certificate, chain) = TlsPem.ReadClientCertificate(certificatePem, keyPem);
            certificate.Dispose();
            foreach (var link in chain)
            {
                link.Dispose();
            }
        }
        catch (CryptographicException)
        {
            failures.Add(IsPrivateKey(keyPem)
                ? $"{prefix}Tls:ClientKey is not the private key of Tls:ClientCertificate."
                : $"{prefix}Tls:ClientKey must be an unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).");
        }
    }

    private static void CheckAuthorizationSources(DestinationSettings settings, string? url, string prefix, ICollection<string> failures)
    {
        var header = settings.Headers?.Keys.Any(name => name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) == true;
        var inUrl = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;
        if (settings.BasicAuth is not null && header)
        {
            failures.Add($"{prefix}BasicAuth may not be set together with Headers:Authorization; keep one of them.");
        }

        if (settings.BasicAuth is not null && inUrl)
        {
            failures.Add($"{prefix}BasicAuth may not be set when the destination URL carries credentials {KeepOne}");
        }

        if (header && inUrl)
        {
            failures.Add($"{prefix}Headers:Authorization may not be set when the destination URL carries credentials {KeepOne}");
        }
    }

    private static bool HasCertificates(string pem)
    {
        try
        {
            var certificates = TlsPem.ReadCertificates(pem);
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return certificates.Count > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsPrivateKey(string pem) => Imports(RSA.Create(), pem) || Imports(ECDsa.Create(), pem);

    private static bool Imports(AsymmetricAlgorithm algorithm, string pem)
    {
        using (algorithm)
        {
            try
            {
                algorithm.ImportFromPem(pem);
                return true;
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                return false;
            }
        }
    }
}
