using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Text;
using Soldr.Worker.Delivery.Tls;

namespace Soldr.Worker.Delivery.Network;

/// <summary>
/// The one place a delivery handler is made, for the shared client and for each destination with TLS
/// settings of its own, so that no handler can drift from the others.
/// </summary>
internal static class DeliveryHandler
{
    [SuppressMessage(
        "Security",
        "CA5359:Do not disable certificate validation",
        Justification = "ServerCertificateCheck returns true only for a trusted certificate; it refuses by throwing, to carry the reason.")]
    public static SocketsHttpHandler Create(
        GuardedConnect connect, ServerCertificateCheck serverCertificate, SslStreamCertificateContext? clientCertificate = null) =>
        new()
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseCookies = false,

            // Every connection goes through the network check; a proxy would connect for us, unchecked.
            UseProxy = false,
            ConnectCallback = connect.ConnectAsync,

            // Kestrel accepts UTF-8 header values, so ingest may have stored some; they are sent as they came.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,

            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = serverCertificate.Validate,
                ClientCertificateContext = clientCertificate,
                LocalCertificateSelectionCallback = clientCertificate is null ? ClientCertificateRequests.Select : null,
            },
            PlaintextStreamFilter = ClientCertificateRequests.NoteAsync,
        };
}
