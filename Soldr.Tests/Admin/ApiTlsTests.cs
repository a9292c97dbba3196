using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
    public async Task WithACertificateConfigured_TheApiIsServedOverTls_AndStillRequiresTheSecret()
    {
        using var certificate = SelfSigned();
        var path = Path.Combine(_folder.Path, "api.pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, new Dictionary<string, string?>
        {
            ["Soldr:Admin:ApiCertificate:Path"] = path,
            ["Soldr:Admin:ApiCertificate:Password"] = "pfx-password",
        });
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = ApiCertificate.PinnedTo(certificate) } };
        using var https = new HttpClient(handler) { BaseAddress = admin.ApiAddress };
        using var plain = new HttpClient { BaseAddress = new UriBuilder(admin.ApiAddress) { Scheme = "http" }.Uri };

        using var anonymous = await https.GetAsync(new Uri("api/webhooks", UriKind.Relative));
        https.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminHost.Secret);
        using var signed = await https.GetAsync(new Uri("api/webhooks", UriKind.Relative));

        Assert.Equal("https", admin.ApiAddress.Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri("api/webhooks", UriKind.Relative)));
    }

    [Fact]
    public void TheUi_CallsTheAnnouncedApiOverTls_WhenACertificateIsConfigured()
    {
        using var certificate = SelfSigned();
        var path = Path.Combine(_folder.Path, "ui.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:admin-api:api:0"] = "http://127.0.0.1:8443",
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
