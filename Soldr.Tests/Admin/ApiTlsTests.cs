using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Configuration;
using Soldr.Admin.Components;
using Soldr.Admin.Security;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

[Collection(ServersCollectionDefinition.Name)]
public sealed class ApiTlsTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task WithACertificateConfigured_TheApiPortHandshakesTlsWithThatCertificate_RefusesPlainHttp_AndStillRequiresTheSecret()
    {
        using var certificate = SelfSigned();
        var path = Path.Combine(_folder.Path, "api.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, new Dictionary<string, string?>
        {
            ["Soldr:Admin:ApiCertificate:Path"] = path,
            ["Soldr:Admin:ApiCertificate:Password"] = "pfx-password",
        });
        var port = admin.ApiAddress.Port;

        // A TLS handshake on the wire: the port presents exactly the configured certificate, and HTTP
        // inside that TLS session still needs the secret.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate? presented = null;
        var pinned = ApiCertificate.PinnedTo(certificate);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (sender, offered, chain, errors) =>
        {
            presented = offered;
            return pinned(sender, offered, chain, errors);
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" });
        var anonymous = await RawHttpAsync(tls, "GET /api/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        // The same request in plain text on that port gets no HTTP answer.
        using var plainTcp = new TcpClient();
        await plainTcp.ConnectAsync(IPAddress.Loopback, port);
        var plain = await RawHttpAsync(
            plainTcp.GetStream(), $"GET /api/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {AdminHost.Secret}\r\nConnection: close\r\n\r\n");

        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = ApiCertificate.PinnedTo(certificate) } };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}/") };
        https.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminHost.Secret);
        using var signed = await https.GetAsync(new Uri("api/webhooks", UriKind.Relative));

        Assert.NotNull(presented);
        Assert.Equal(certificate.GetCertHashString(), presented.GetCertHashString());
        Assert.True(tls.IsEncrypted);
        Assert.StartsWith("HTTP/1.1 401 ", anonymous, StringComparison.Ordinal);
        Assert.False(plain.StartsWith("HTTP/", StringComparison.Ordinal), $"plain HTTP on the TLS port was answered: {plain}");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
    }

    [Fact]
    public void TheUi_CallsTheAnnouncedApiOverTls_WhenACertificateIsConfigured()
    {
        using var certificate = SelfSigned();
        var path = Path.Combine(_folder.Path, "ui.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:admin:api:0"] = "http://127.0.0.1:8443",
            ["Soldr:Admin:ApiCertificate:Path"] = path,
        }).Build();

        Assert.Equal(new Uri("https://127.0.0.1:8443/"), ManagementApiAddress.FromConfiguration(configuration));
    }

    [Fact]
    public void AnUnreadableCertificate_StopsTheStart_NamingTheKey()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Soldr:Admin:ApiCertificate:Path"] = Path.Combine(_folder.Path, "missing.pfx") });

        var error = Assert.Throws<InvalidOperationException>(() => ApiCertificate.Apply(configuration, "api"));

        Assert.StartsWith("Soldr:Admin:ApiCertificate:Path:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Writes <paramref name="request"/> and reads what comes back until the server closes, within a bound.</summary>
    private static async Task<string> RawHttpAsync(Stream stream, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, timeout.Token);
        }
        catch (IOException)
        {
            // A connection the server resets is no answer either.
        }

        return Encoding.ASCII.GetString(answer.ToArray());
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
