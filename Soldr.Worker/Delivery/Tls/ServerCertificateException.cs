using System.Security.Authentication;

namespace Soldr.Worker.Delivery.Tls;

/// <summary>
/// Fails a delivery's TLS handshake with the reason the server's certificate was refused. SslStream's own
/// exception says only that the certificate "is invalid" (or that a validation callback refused it); this
/// one reaches the attempt's error as its cause.
/// </summary>
public sealed class ServerCertificateException : AuthenticationException
{
    public ServerCertificateException()
    {
    }

    public ServerCertificateException(string message)
        : base(message)
    {
    }

    public ServerCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
