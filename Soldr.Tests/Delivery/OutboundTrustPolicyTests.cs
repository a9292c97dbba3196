using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Core.Http;
using Soldr.Core.Signing;
using Soldr.Worker.Delivery.Headers;

namespace Soldr.Tests.Delivery;

/// <summary>A destination's outbound trust as its delivery policy carries it.</summary>
public sealed class OutboundTrustPolicyTests
{
    [Fact]
    public void TheSettingsText_IsDecodedOnce_IntoKeysHeadersCredentialsAndATlsKey_ThatNeverShowInThePolicysText()
    {
        var secret = StandardWebhookSecret.Generate();
        var previous = StandardWebhookSecret.Generate();
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        var settings = $$"""
            {
              "signing": { "enabled": true, "secret": "{{secret}}", "previousSecret": "{{previous}}",
                           "previousExpiresAt": "{{expires:O}}", "providerHeaders": "KEEP" },
              "headers": { "X-Api-Key": "key-value-1" },
              "basicAuth": { "username": "relay", "password": "password-value-1" },
              "tls": { "caCertificates": "ca-text", "clientCertificate": "certificate-text", "clientKey": "key-text-1" }
            }
            """;
        var policies = new DeliveryPolicies(Options.Create(new DeliveryOptions()));

        var policy = policies.For("{}", settings);
        var outbound = policy.Outbound!;

        Assert.Same(outbound, policies.For("{}", settings).Outbound);
        Assert.Equal(2, outbound.Signing!.At(expires.AddSeconds(-1)).Count);
        Assert.Single(outbound.Signing.At(expires));
        Assert.True(outbound.KeepProviderHeaders);
        Assert.True(outbound.HasHeader("x-api-key"));
        Assert.Equal("Basic cmVsYXk6cGFzc3dvcmQtdmFsdWUtMQ==", outbound.BasicAuthorization);
        Assert.Equal(64, outbound.Tls!.Key.Length);
        var edited = settings.Replace("key-text-1", "key-text-2", StringComparison.Ordinal);
        Assert.NotEqual(outbound.Tls.Key, policies.For("{}", edited).Outbound!.Tls!.Key);
        var text = policy.ToString() + outbound.Tls;
        foreach (var secretText in (string[])[secret, previous, "key-value-1", "password-value-1", "key-text-1", "cmVsYXk"])
        {
            Assert.DoesNotContain(secretText, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WithoutOutboundSettings_NothingIsAdded()
    {
        var outbound = new DeliveryPolicies(Options.Create(new DeliveryOptions())).For("{}", "{}").Outbound!;

        Assert.Null(outbound.Signing);
        Assert.Empty(outbound.Headers);
        Assert.Null(outbound.BasicAuthorization);
        Assert.Null(outbound.Tls);
        Assert.Null(outbound.Refusal);
    }

    [Theory]
    [InlineData("Connection")]
    [InlineData("Keep-Alive")]
    [InlineData("Proxy-Authorization")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Host")]
    [InlineData("Content-Length")]
    [InlineData("Expect")]
    [InlineData(SoldrHeaders.RequestId)]
    [InlineData(SoldrHeaders.Attempt)]
    [InlineData(SoldrHeaders.WebhookId)]
    [InlineData(SoldrHeaders.RealIp)]
    [InlineData(SoldrHeaders.Forwarded)]
    [InlineData(SoldrHeaders.ForwardedFor)]
    [InlineData(SoldrHeaders.ForwardedHost)]
    [InlineData(SoldrHeaders.ForwardedProto)]
    [InlineData(SoldrHeaders.ForwardedPort)]
    [InlineData(StandardWebhookSignature.TimestampHeader)]
    [InlineData(StandardWebhookSignature.SignatureHeader)]
    public void EveryHeaderTheWorkerWritesOrStrips_IsReservedForValidationToo(string name)
    {
        Assert.True(HopByHopHeaders.Contains(name) || SoldrHeaders.Contains(name) || StandardWebhookHeaders.Contains(name));
        Assert.True(ReservedHeaders.Contains(name));
        Assert.True(ReservedHeaders.Contains(name.ToUpperInvariant()));
    }
}
