using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Soldr.Worker.Delivery.Tls;

/// <summary>
/// Decides whether a server's certificate is trusted and, when it is not, fails the handshake with a
/// <see cref="ServerCertificateException"/> that says why. Without extra CA certificates this is the system's
/// decision. With them, a chain the system rejects is built again with them as the only roots (and as
/// intermediates); the host name must match either way.
/// </summary>
internal sealed class ServerCertificateCheck(X509Certificate2Collection? extraRoots)
{
    public static readonly ServerCertificateCheck SystemOnly = new(null);

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || certificate is null)
        {
            throw new ServerCertificateException("the server presented no certificate");
        }

        var reasons = new List<string>(2);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = extraRoots is null
                ? Statuses(chain)
                : StatusesWithExtraRoots(certificate, chain);
            if (statuses.Count > 0)
            {
                reasons.Add(ChainReason(statuses, extraRoots is not null));
            }
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("the server's certificate is not valid for the host name (name mismatch)");
        }

        if (reasons.Count > 0)
        {
            throw new ServerCertificateException(string.Join("; and ", reasons));
        }

        return true;
    }

    /// <summary>What is wrong with the chain trusting only the extra roots; empty when it is trusted.</summary>
    private List<X509ChainStatusFlags> StatusesWithExtraRoots(X509Certificate certificate, X509Chain? chain)
    {
        using var custom = new X509Chain();
        var policy = custom.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(extraRoots!);

        // A bundle may hold intermediates; the server's own intermediates are in the chain SslStream built.
        policy.ExtraStore.AddRange(extraRoots!);
        if (chain is not null)
        {
            policy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        // As SslStream checks: for server authentication, revocation not checked (its default).
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.ApplicationPolicy.Add(ServerAuthentication);
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()))
            ? []
            : Statuses(custom);
    }

    private static List<X509ChainStatusFlags> Statuses(X509Chain? chain)
    {
        var statuses = new List<X509ChainStatusFlags>();
        foreach (var status in chain?.ChainStatus ?? [])
        {
            if (status.Status != X509ChainStatusFlags.NoError && !statuses.Contains(status.Status))
            {
                statuses.Add(status.Status);
            }
        }

        // SslStream reports chain errors even when it could not say which; it is still not trusted.
        return statuses.Count > 0 ? statuses : [X509ChainStatusFlags.PartialChain];
    }

    private static string ChainReason(List<X509ChainStatusFlags> statuses, bool withExtraRoots)
    {
        var what =
            statuses.Any(s => s is X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain)
                ? withExtraRoots ? "is not trusted by the system or by this destination's CA certificates" : "is not trusted"
            : statuses.Contains(X509ChainStatusFlags.NotTimeValid) ? "has expired or is not valid yet"
            : statuses.Contains(X509ChainStatusFlags.Revoked) ? "has been revoked"
            : "is not valid";
        return $"the server's certificate {what} ({string.Join(", ", statuses)})";
    }
}
