using Microsoft.AspNetCore.Server.Kestrel.Https;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Tests.Infrastructure;
using Soldr.Worker.Delivery.Network;
using Soldr.Worker.Delivery.Tls;
using static Soldr.Tests.Delivery.DestinationHeadersTests;
using static Soldr.Tests.Services.DeliverySenderTests;

namespace Soldr.Tests.Delivery;

/// <summary>TLS settings of a destination's own: extra CA certificates, mutual TLS, and errors that say what failed.</summary>
public sealed class DestinationTlsTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task ADestinationsCaCertificates_LetItReachAServerTheyIssued_WhereTheSystemRootsAloneFailAndSayWhy()
    {
        await using var receiver = await ServingAsync();
        var url = $"https://localhost:{receiver.Url.Port}/hook";

        var untrusted = await Sender().SendAsync(Work(url), CancellationToken.None);
        var trusted = await Sender().SendAsync(With(url, WithCa(_pki.CaPem)), CancellationToken.None);

        Assert.Equal("tls", untrusted.Error?.Kind);
        Assert.Equal(
            $"TLS handshake with localhost:{receiver.Url.Port} failed: the server's certificate is not trusted (PartialChain)",
            untrusted.Error!.Message);
        Assert.True(trusted.Succeeded, trusted.Error?.Message);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task CaCertificates_DoNotExcuseACertificateIssuedForAnotherHostName()
    {
        await using var receiver = await ServingAsync();
        var url = $"https://127.0.0.1:{receiver.Url.Port}/hook";

        var attempt = await Sender().SendAsync(With(url, WithCa(_pki.CaPem)), CancellationToken.None);

        Assert.Equal("tls", attempt.Error?.Kind);
        Assert.Equal(
            $"TLS handshake with 127.0.0.1:{receiver.Url.Port} failed: "
            + "the server's certificate is not valid for the host name (name mismatch)",
            attempt.Error!.Message);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task CaCertificatesOfAnotherCa_LeaveTheServerUntrusted_AndTheErrorSaysNeitherTrustsIt()
    {
        await using var receiver = await ServingAsync();
        var url = $"https://localhost:{receiver.Url.Port}/hook";
        var (otherCa, _) = TestPki.SelfSignedPem("CN=Some Other CA");

        var attempt = await Sender().SendAsync(With(url, WithCa(otherCa)), CancellationToken.None);

        Assert.Equal("tls", attempt.Error?.Kind);
        Assert.StartsWith(
            $"TLS handshake with localhost:{receiver.Url.Port} failed: "
            + "the server's certificate is not trusted by the system or by this destination's CA certificates (",
            attempt.Error!.Message,
            StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task MutualTls_AReceiverThatRequiresAClientCertificate_GetsTheConfiguredOne()
    {
        await using var receiver = await RequiringClientCertificatesAsync();
        var settings = new DestinationSettings
        {
            Tls = new() { CaCertificates = _pki.CaPem, ClientCertificate = _pki.ClientCertificatePem, ClientKey = _pki.ClientKeyPem },
        };

        var attempt = await Sender().SendAsync(With($"https://localhost:{receiver.Url.Port}/hook", settings), CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        Assert.Equal("CN=soldr-test-client", Assert.Single(receiver.Received).ClientCertificate);
    }

    [Fact]
    public async Task WithoutAClientCertificate_TheErrorSaysTheServerAskedForOne()
    {
        await using var receiver = await RequiringClientCertificatesAsync();
        var settings = new DestinationSettings { Tls = new() { CaCertificates = _pki.CaPem } };

        var attempt = await Sender().SendAsync(With($"https://localhost:{receiver.Url.Port}/hook", settings), CancellationToken.None);

        Assert.Equal("tls", attempt.Error?.Kind);
        Assert.Equal(
            $"TLS handshake with localhost:{receiver.Url.Port} failed: the server asked for a client certificate, "
            + "none is configured for this destination, and it closed the connection without answering",
            attempt.Error!.Message);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task AClientCertificateTheServerDoesNotAccept_TheErrorSaysItWasRefused()
    {
        await using var receiver = await RequiringClientCertificatesAsync();
        var (certificate, key) = TestPki.SelfSignedPem("CN=stranger");
        var settings = new DestinationSettings
        {
            Tls = new() { CaCertificates = _pki.CaPem, ClientCertificate = certificate, ClientKey = key },
        };

        var attempt = await Sender().SendAsync(With($"https://localhost:{receiver.Url.Port}/hook", settings), CancellationToken.None);

        Assert.Equal("tls", attempt.Error?.Kind);
        Assert.StartsWith(
            $"TLS handshake with localhost:{receiver.Url.Port} failed: the server refused the client certificate",
            attempt.Error!.Message,
            StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task StoredTlsSettingsThatCannotBeRead_AreRefused_WithoutAConnection()
    {
        await using var receiver = new RawHttpReceiver();
        var settings = new DestinationSettings { Tls = new() { ClientCertificate = _pki.ClientCertificatePem, ClientKey = "not a key" } };

        var attempt = await Sender().SendAsync(With(receiver.Url + "hook", settings), CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.StartsWith("the destination's TLS settings cannot be used: ", attempt.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task EqualSettingsShareOneClient_AndAClientRetiredWhileASendHoldsIt_IsDisposedOnlyWhenThatSendLetsGo()
    {
        await using var receiver = await ServingAsync();
        var network = new NetworkPolicy(Microsoft.Extensions.Options.Options.Create(new DeliveryOptions()));
        using var clients = new DestinationTlsClients(new GuardedConnect(network));
        var settings = Tls(_pki.CaPem);
        var url = new Uri($"https://localhost:{receiver.Url.Port}/hook");

        Assert.Null(clients.TryAcquire(settings, out var held));
        Assert.Null(clients.TryAcquire(Tls(_pki.CaPem), out var same));
        Assert.Same(held, same);
        same!.Release();

        // Settings texts that differ only outside their PEM blocks are other keys: enough of them retire the first.
        for (var i = 0; i < DestinationTlsClients.MaxEntries; i++)
        {
            Assert.Null(clients.TryAcquire(Tls(_pki.CaPem + $"\n# {i}\n"), out var other));
            other!.Release();
        }

        using (var stillUsable = await held!.Client!.GetAsync(url))
        {
            Assert.True(stillUsable.IsSuccessStatusCode);
        }

        held.Release();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => held.Client.GetAsync(url));
        Assert.Null(clients.TryAcquire(settings, out var fresh));
        Assert.NotSame(held, fresh);
        fresh!.Release();
    }

    // As OpenSSL words the alerts of a server that refuses the handshake (seen from openssl s_server -Verify 1
    // -verify_return_error over TLS 1.2, which alerts inside the handshake).
    [Theory]
    [InlineData(
        "error:0A000418:SSL routines::tlsv1 alert unknown ca",
        true,
        "the server refused the client certificate (TLS alert \"unknown ca\")")]
    [InlineData(
        "error:0A00045C:SSL routines::tlsv13 alert certificate required",
        false,
        "the server requires a client certificate, and none is configured for this destination (TLS alert \"certificate required\")")]
    [InlineData(
        "error:0A000410:SSL routines::sslv3 alert handshake failure",
        false,
        "the server ended the handshake with the TLS alert \"handshake failure\"")]
    public void AnAlertFromTheServer_IsNamedInTheError(string openSsl, bool hasClientCertificate, string cause)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://hooks.example.com:8443/in");
        var exception = new HttpRequestException(
            HttpRequestError.SecureConnectionError,
            "The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException(
                "Authentication failed, see inner exception.", new InvalidOperationException(openSsl)));

        var error = TlsFailures.Describe(exception, request, hasClientCertificate);

        Assert.Equal($"TLS handshake with hooks.example.com:8443 failed: {cause}", error);
    }

    public void Dispose() => _pki.Dispose();

    private static DestinationSettings WithCa(string caCertificates) => new() { Tls = new() { CaCertificates = caCertificates } };

    private static DestinationTls Tls(string caCertificates) => DestinationTls.From(new TlsSettings { CaCertificates = caCertificates })!;

    private Task<HttpReceiver> ServingAsync() =>
        HttpReceiver.StartTlsAsync(new HttpsConnectionAdapterOptions { ServerCertificate = _pki.ServerCertificate });

    private Task<HttpReceiver> RequiringClientCertificatesAsync() =>
        HttpReceiver.StartTlsAsync(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _pki.ServerCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) => _pki.Issued(certificate),
        });
}
