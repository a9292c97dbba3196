using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Soldr.Worker.Delivery.Tls;

/// <summary>
/// Whether the server asked for a client certificate during the handshake of a request's connection. A server
/// that refuses the client certificate, or its absence, may complete the handshake and then close the
/// connection without a word (Kestrel does): the request fails with "the response ended prematurely", which
/// names no cause. The handshake is watched so that the attempt's error can say what happened.
/// </summary>
internal static class ClientCertificateRequests
{
    private static readonly HttpRequestOptionsKey<bool> Asked = new("soldr.tls.client-certificate-asked");
    private static readonly ConditionalWeakTable<SslStream, object> AskedOn = [];
    private static readonly object Yes = new();

    /// <summary>
    /// The selection callback of a connection without a client certificate: sends none. It is called again
    /// once the server's certificate is known only if the server asked for one.
    /// </summary>
    public static X509Certificate Select(
        object sender,
        string targetHost,
        X509CertificateCollection localCertificates,
        X509Certificate? remoteCertificate,
        string[] acceptableIssuers)
    {
        if (remoteCertificate is not null && sender is SslStream stream)
        {
            AskedOn.AddOrUpdate(stream, Yes);
        }

        // Null is how a selection callback sends no certificate.
        return null!;
    }

    /// <summary>
    /// Runs once a connection's handshake is done and notes on the request that opened it whether a client
    /// certificate was asked for. That request is the one sent on it unless another took the connection
    /// first; then the other's error stays the plain one. A resumed session shows no request for a
    /// certificate, so a later connection never clears the note.
    /// </summary>
    public static ValueTask<Stream> NoteAsync(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.PlaintextStream is SslStream ssl && (ssl.IsMutuallyAuthenticated || AskedOn.TryGetValue(ssl, out _)))
        {
            context.InitialRequestMessage.Options.Set(Asked, true);
        }

        return ValueTask.FromResult(context.PlaintextStream);
    }

    public static bool WasAsked(HttpRequestMessage request) =>
        request.Options.TryGetValue(Asked, out var asked) && asked;
}
