using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Reads the PEM texts of a destination's TLS settings; each method throws <see cref="CryptographicException"/>
/// for a text it cannot use.
/// </summary>
public static class TlsPem
{
    /// <summary>Every certificate in <paramref name="pem"/>; other PEM blocks are skipped.</summary>
    public static X509Certificate2Collection ReadCertificates(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }

    /// <summary>
    /// The client certificate with its private key, and the certificates after it in
    /// <paramref name="certificatePem"/> (its chain, which is sent with it).
    /// </summary>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) ReadClientCertificate(
        string certificatePem, string keyPem)
    {
        // CreateFromPem takes the first certificate; it throws when the key is not the certificate's own.
        var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var all = ReadCertificates(certificatePem);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        all[0].Dispose();
        return (certificate, chain);
    }
}
