namespace Soldr.Worker.Delivery.Tls;

/// <summary>
/// The error of an attempt whose TLS failed, with its cause: <c>TLS handshake with host:port failed: the
/// server's certificate is not trusted (UntrustedRoot)</c>. Null when the failure was not TLS.
/// </summary>
internal static class TlsFailures
{
    /// <summary>TLS alerts (RFC 8446 §6.2) a server sends about the client's certificate, as OpenSSL names them.</summary>
    private static readonly string[] ClientCertificateAlerts =
    [
        "bad certificate", "unsupported certificate", "certificate revoked", "certificate expired", "certificate unknown",
        "unknown ca", "access denied",
    ];

    public static string? Describe(HttpRequestException exception, HttpRequestMessage request, bool hasClientCertificate)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        var cause = Cause(exception, request, hasClientCertificate);
        return cause is null || request.RequestUri is not { } uri
            ? null
            : $"TLS handshake with {uri.Host}:{uri.Port} failed: {cause}";
    }

    private static string? Cause(HttpRequestException exception, HttpRequestMessage request, bool hasClientCertificate)
    {
        Exception innermost = exception;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is ServerCertificateException refused)
            {
                return refused.Message;
            }

            innermost = e;
        }

        // The handshake completed, the server had asked for a client certificate, and it closed the
        // connection before answering.
        if ((exception.HttpRequestError == HttpRequestError.ResponseEnded || exception.InnerException is IOException)
            && ClientCertificateRequests.WasAsked(request))
        {
            return hasClientCertificate
                ? "the server refused the client certificate (it asked for one, then closed the connection without answering)"
                : "the server asked for a client certificate, none is configured for this destination, "
                    + "and it closed the connection without answering";
        }

        if (exception.HttpRequestError != HttpRequestError.SecureConnectionError)
        {
            return null;
        }

        return Alert(innermost.Message) is { } alert ? FromAlert(alert, hasClientCertificate) : innermost.Message;
    }

    private static string FromAlert(string alert, bool hasClientCertificate)
    {
        if (alert == "certificate required" && !hasClientCertificate)
        {
            return "the server requires a client certificate, and none is configured for this destination "
                + "(TLS alert \"certificate required\")";
        }

        return hasClientCertificate && (alert == "certificate required" || ClientCertificateAlerts.Contains(alert))
            ? $"the server refused the client certificate (TLS alert \"{alert}\")"
            : $"the server ended the handshake with the TLS alert \"{alert}\"";
    }

    /// <summary>The alert in an OpenSSL error such as <c>error:0A000418:SSL routines::tlsv1 alert unknown ca</c>.</summary>
    private static string? Alert(string message)
    {
        foreach (var marker in (string[])["sslv3 alert ", "tlsv1 alert ", "tlsv13 alert "])
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return message[(at + marker.Length)..].Trim().TrimEnd('.');
            }
        }

        return null;
    }
}
