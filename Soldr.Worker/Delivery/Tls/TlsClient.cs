using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery.Network;

namespace Soldr.Worker.Delivery.Tls;

/// <summary>
/// The client of one destination's TLS settings, or why they cannot be used. Sends hold it while they run;
/// once retired it is disposed when the last of them lets go, so a send never finds its connection pool gone.
/// </summary>
internal sealed class TlsClient
{
    private readonly Lock _lock = new();
    private readonly X509Certificate2[] _certificates;
    private int _users;
    private bool _retired;

    private TlsClient(HttpClient? client, X509Certificate2[] certificates, string? refusal)
    {
        Client = client;
        _certificates = certificates;
        Refusal = refusal;
    }

    public HttpClient? Client { get; }

    public string? Refusal { get; }

    /// <summary>For the cache's least-recently-used choice; changed only under its lock.</summary>
    public long LastUsed { get; set; }

    public static TlsClient Create(DestinationTls tls, GuardedConnect connect)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.ClientCertificate is null != tls.ClientKey is null)
        {
            return Refused("the destination's TLS client certificate needs both the certificate and its key");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            ServerCertificateCheck server = ServerCertificateCheck.SystemOnly;
            if (tls.CaCertificates is not null)
            {
                var roots = TlsPem.ReadCertificates(tls.CaCertificates);
                certificates.AddRange(roots);
                if (roots.Count == 0)
                {
                    return Refused("the destination's TLS CA certificates hold no PEM certificate");
                }

                server = new ServerCertificateCheck(roots);
            }

            SslStreamCertificateContext? client = null;
            if (tls.ClientCertificate is not null && tls.ClientKey is not null)
            {
                // On Linux SslStream takes the ephemeral key CreateFromPem gives as it is; no PKCS#12 round trip.
                var (certificate, chain) = TlsPem.ReadClientCertificate(tls.ClientCertificate, tls.ClientKey);
                certificates.Add(certificate);
                certificates.AddRange(chain);

                // Offline: the chain sent is the one configured; nothing is fetched to complete it.
                client = SslStreamCertificateContext.Create(certificate, chain, offline: true);
            }

            var handler = DeliveryHandler.Create(connect, server, client);
            return new TlsClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, [.. certificates], null);
        }
        catch (CryptographicException ex)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return Refused($"the destination's TLS settings cannot be used: {ex.Message}");
        }
    }

    /// <summary>Holds the client for a send; the cache calls it under its lock, so never on a retired client.</summary>
    public void Acquire()
    {
        lock (_lock)
        {
            _users++;
        }
    }

    public void Release()
    {
        bool dispose;
        lock (_lock)
        {
            _users--;
            dispose = _retired && _users == 0;
        }

        if (dispose)
        {
            Dispose();
        }
    }

    /// <summary>Takes the client out of use: disposed now if no send holds it, else when the last one lets go.</summary>
    public void Retire()
    {
        bool dispose;
        lock (_lock)
        {
            _retired = true;
            dispose = _users == 0;
        }

        if (dispose)
        {
            Dispose();
        }
    }

    private static TlsClient Refused(string refusal) => new(null, [], refusal);

    private void Dispose()
    {
        Client?.Dispose();
        foreach (var certificate in _certificates)
        {
            certificate.Dispose();
        }
    }
}
