using System.Security.Cryptography;
using Soldr.Client.Contracts;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class ShopifyVerificationTests
{
    private const string Secret = "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";
    private const string Body = """{"id":820982911946154508,"email":"jon@example.com"}""";

    private static VerificationSettings Settings(string? previous = null) =>
        new() { Kind = "shopify", Secret = Secret, PreviousSecret = previous };

    // Shopify's scheme: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body, keyed with the app's client secret.
    private static string Sign(string secret, string body = Body) => Base64Hmac(HashAlgorithmName.SHA256, secret, body);

    [Fact]
    public void ARequestSignedAsShopifyDocuments_IsVerified()
    {
        var result = Verify(Settings(), Body, ("X-Shopify-Hmac-Sha256", Sign(Secret)));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("shopify", result.Method);
        Assert.Equal("X-Shopify-Hmac-Sha256 verified (secret 1 of 1)", result.Detail);
    }

    [Fact]
    public void AWrongSignature_IsRejected()
    {
        var result = Verify(Settings(), Body, ("X-Shopify-Hmac-Sha256", Sign(Secret, Body + "\n")));

        Assert.False(result.Verified);
        Assert.Equal("signature does not match", result.Detail);
    }

    [Fact]
    public void AnotherSecret_IsRejected()
    {
        var result = Verify(Settings(), Body, ("X-Shopify-Hmac-Sha256", Sign("shpss_other")));

        Assert.False(result.Verified);
    }

    [Fact]
    public void AHexSignature_IsRejected_AsShopifySendsBase64()
    {
        var result = Verify(Settings(), Body, ("X-Shopify-Hmac-Sha256", HexHmac(HashAlgorithmName.SHA256, Secret, Body)));

        Assert.False(result.Verified);
        Assert.Equal("signature is not base64 of 32 bytes", result.Detail);
    }

    [Fact]
    public void AMissingHeader_IsRejected()
    {
        var result = Verify(Settings(), Body);

        Assert.False(result.Verified);
        Assert.Equal("no X-Shopify-Hmac-Sha256 header", result.Detail);
    }

    [Fact]
    public void ASignatureMadeWithThePreviousSecret_IsAccepted()
    {
        var result = Verify(Settings("shpss_previous"), Body, ("X-Shopify-Hmac-Sha256", Sign("shpss_previous")));

        Assert.True(result.Verified, result.Detail);
    }
}
