using Soldr.Client.Contracts;
using Soldr.Core.Http;
using Soldr.Core.Signing;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Delivery;

/// <summary>Validation of what a destination adds to its attempts: each failure starts with its key and shows no secret.</summary>
public sealed class OutboundTrustRulesTests : IDisposable
{
    private const string Prefix = "Soldr:Webhooks:shop:Destinations:0:";
    private const string Encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----";
    private readonly TestPki _pki = new();

    [Fact]
    public void ValidSettings_PassWithoutAFailure()
    {
        var failures = Check(new DestinationSettings
        {
            Signing = new()
            {
                Enabled = true,
                Secret = StandardWebhookSecret.Generate(),
                PreviousSecret = StandardWebhookSecret.Generate(),
                PreviousExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
                ProviderHeaders = "Keep",
            },
            Headers = new() { ["X-Api-Key"] = "k\tv", ["User-Agent"] = "relay/1 (ü)" },
            BasicAuth = new() { Username = "relay", Password = "" },
            Tls = new()
            {
                CaCertificates = _pki.CaPem + "\n" + _pki.CaPem,
                ClientCertificate = _pki.ClientCertificatePem,
                ClientKey = _pki.ClientKeyPem,
            },
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void SigningSecrets_MustBeStandardWebhooksSecrets_AndAPreviousOneNeedsItsExpiry()
    {
        var failures = Check(new DestinationSettings
        {
            Signing = new() { Secret = "whsec_dG9vLXNob3J0", PreviousSecret = "plain-secret-value", ProviderHeaders = "merge" },
        });

        Assert.Equal(
            [
                $"{Prefix}Signing:Secret must be {StandardWebhookSecret.Rule}.",
                $"{Prefix}Signing:PreviousSecret must be {StandardWebhookSecret.Rule}.",
                $"{Prefix}Signing:PreviousExpiresAt must be set with Signing:PreviousSecret: "
                + "it says until when the old secret still signs.",
                $"{Prefix}Signing:ProviderHeaders must be replace or keep.",
            ],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains("plain-secret-value", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("dG9vLXNob3J0", StringComparison.Ordinal));
    }

    [Fact]
    public void Headers_MustBeValidLines_WithNamesSoldrDoesNotReserve_EachOnce()
    {
        var failures = Check(new DestinationSettings
        {
            Headers = new()
            {
                ["X-Ok"] = "fine",
                ["Bad Name"] = "v",
                ["X-Evil"] = "secret-value\r\nX-Injected: 1",
                ["Host"] = "evil.test",
                ["soldr-request-id"] = "spoof",
                ["X-Forwarded-For"] = "10.0.0.1",
                ["Webhook-Signature"] = "v1,x",
                ["Transfer-Encoding"] = "chunked",
                ["x-ok"] = "again",
            },
        });

        Assert.Equal(
            [
                $"{Prefix}Headers entry 1 is not a header name: {HeaderRules.NameRule}.",
                $"{Prefix}Headers:X-Evil has an invalid value: {HeaderRules.ValueRule}.",
                $"{Prefix}Headers:Host may not be set: it describes the connection, or Soldr sets it itself.",
                $"{Prefix}Headers:soldr-request-id may not be set: it describes the connection, or Soldr sets it itself.",
                $"{Prefix}Headers:X-Forwarded-For may not be set: it describes the connection, or Soldr sets it itself.",
                $"{Prefix}Headers:Webhook-Signature may not be set: it describes the connection, or Soldr sets it itself.",
                $"{Prefix}Headers:Transfer-Encoding may not be set: it describes the connection, or Soldr sets it itself.",
                $"{Prefix}Headers:x-ok is given twice (header names are case-insensitive).",
            ],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void BasicAuth_NeedsAUserNameWithoutAColon_AndAPassword()
    {
        Assert.Equal(
            [$"{Prefix}BasicAuth:Username must be set.", $"{Prefix}BasicAuth:Password must be set."],
            Check(new() { BasicAuth = new() }));
        Assert.Equal(
            [$"{Prefix}BasicAuth:Username may not contain ':' (RFC 7617)."],
            Check(new() { BasicAuth = new() { Username = "a:b", Password = "p" } }));
    }

    [Fact]
    public void OnlyOneSourceOfAuthorization_MayBeConfigured()
    {
        var both = new DestinationSettings
        {
            BasicAuth = new() { Username = "relay", Password = "p" },
            Headers = new() { ["authorization"] = "Bearer t" },
        };
        var failures = new List<string>();

        OutboundTrustRules.Check(both, "https://user:pass@hooks.example.com/in", Prefix, failures);

        Assert.Equal(
            [
                $"{Prefix}BasicAuth may not be set together with Headers:Authorization; keep one of them.",
                $"{Prefix}BasicAuth may not be set when the destination URL carries credentials (user:password@); keep one of them.",
                $"{Prefix}Headers:Authorization may not be set when the destination URL carries credentials "
                + "(user:password@); keep one of them.",
            ],
            failures);
        Assert.DoesNotContain(failures, f => f.Contains("pass@", StringComparison.Ordinal));
    }

    [Fact]
    public void TlsSettings_MustBePemThatParses_AndAClientCertificateNeedsItsOwnKey()
    {
        var (otherCertificate, otherKey) = TestPki.SelfSignedPem("CN=other");

        Assert.Equal(
            [$"{Prefix}Tls:CaCertificates must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)."],
            Check(new() { Tls = new() { CaCertificates = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----" } }));
        Assert.Equal(
            [$"{Prefix}Tls:CaCertificates must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)."],
            Check(new() { Tls = new() { CaCertificates = _pki.ClientKeyPem } }));
        Assert.Equal(
            [$"{Prefix}Tls:ClientKey must be set with Tls:ClientCertificate."],
            Check(new() { Tls = new() { ClientCertificate = _pki.ClientCertificatePem } }));
        Assert.Equal(
            [$"{Prefix}Tls:ClientCertificate must be set with Tls:ClientKey."],
            Check(new() { Tls = new() { ClientKey = _pki.ClientKeyPem } }));
        Assert.Equal(
            [$"{Prefix}Tls:ClientKey is not the private key of Tls:ClientCertificate."],
            Check(new() { Tls = new() { ClientCertificate = _pki.ClientCertificatePem, ClientKey = otherKey } }));
        Assert.Equal(
            [$"{Prefix}Tls:ClientKey must be an unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)."],
            Check(new() { Tls = new() { ClientCertificate = otherCertificate, ClientKey = Encrypted } }));
        Assert.Equal(
            [$"{Prefix}Tls:ClientCertificate must be a PEM certificate, optionally followed by its chain."],
            Check(new() { Tls = new() { ClientCertificate = "not pem", ClientKey = otherKey } }));
    }

    [Fact]
    public void EveryFailure_StartsWithTheKeyAtFault_AsTheManagementApiReadsIt()
    {
        var failures = Check(new DestinationSettings
        {
            Signing = new() { Secret = "x" },
            Headers = new() { ["Host"] = "h" },
            BasicAuth = new() { Password = "p" },
            Tls = new() { ClientKey = "k" },
        });

        Assert.Equal(
            ["Signing:Secret", "Headers:Host", "BasicAuth:Username", "Tls:ClientCertificate"],
            failures.Select(f => f[Prefix.Length..].Split(' ', 2)[0]));
    }

    public void Dispose() => _pki.Dispose();

    private static List<string> Check(DestinationSettings settings)
    {
        var failures = new List<string>();
        OutboundTrustRules.Check(settings, Prefix, failures);
        return failures;
    }
}
