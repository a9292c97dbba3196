using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A private CA no system trusts, a server certificate it issued for <c>localhost</c> only, and a client
/// certificate it issued, in PEM as a destination's TLS settings hold them.
/// </summary>
public sealed class TestPki : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);

    public TestPki()
    {
        var now = DateTimeOffset.UtcNow;
        var ca = new CertificateRequest("CN=Soldr Test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        ca.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        ca.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = ca.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        CaPem = Ca.ExportCertificatePem();

        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        using var server = Issue("CN=localhost", names.Build(), out var serverKey);
        using (serverKey)
        using (var withKey = server.CopyWithPrivateKey(serverKey))
        {
            // Through PKCS#12, as a server certificate is loaded in production.
            ServerCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
        }

        using var client = Issue("CN=soldr-test-client", null, out var clientKey);
        using (clientKey)
        {
            ClientCertificatePem = client.ExportCertificatePem();
            ClientKeyPem = clientKey.ExportPkcs8PrivateKeyPem();
        }
    }

    public X509Certificate2 Ca { get; }

    public string CaPem { get; }

    /// <summary>For <c>localhost</c>, not for 127.0.0.1.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public string ClientCertificatePem { get; }

    public string ClientKeyPem { get; }

    /// <summary>Whether this CA issued <paramref name="certificate"/>, checked as a server checks its clients.</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>A certificate with its key in PEM that no CA issued.</summary>
    public static (string Certificate, string Key) SelfSignedPem(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        ServerCertificate.Dispose();
        _caKey.Dispose();
    }

    private X509Certificate2 Issue(string subject, X509Extension? names, out RSA key)
    {
        key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        var now = DateTimeOffset.UtcNow;
        return request.Create(Ca, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(8));
    }
}
