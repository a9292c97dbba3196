using System.Security.Cryptography;
using Soldr.Client.Contracts;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class HmacVerificationTests
{
    private const string Secret = "a-shared-secret-of-some-length";
    private const string Body = """{"event":"ping"}""";

    private static VerificationSettings Settings(string? algorithm = null, string? encoding = null, string? prefix = null) =>
        new() { Kind = "hmac", Secret = Secret, Header = "X-Signature", Algorithm = algorithm, Encoding = encoding, Prefix = prefix };

    public static TheoryData<string?, string?> Schemes => new()
    {
        { null, null },
        { "sha256", "hex" },
        { "SHA512", "hex" },
        { "sha1", "hex" },
        { "sha256", "base64" },
        { "sha512", "Base64" },
        { "sha1", "base64" },
    };

    // The generic scheme: the configured hash's HMAC of the raw body, keyed with the secret's UTF-8 bytes.
    private static string Sign(string? algorithm, string? encoding, string secret = Secret, string body = Body)
    {
        var name = new HashAlgorithmName((algorithm ?? "sha256").ToUpperInvariant());
        return string.Equals(encoding, "base64", StringComparison.OrdinalIgnoreCase)
            ? Base64Hmac(name, secret, body)
            : HexHmac(name, secret, body);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EachHashAndEncoding_VerifiesItsOwnSignature(string? algorithm, string? encoding)
    {
        var result = Verify(Settings(algorithm, encoding), Body, ("x-signature", Sign(algorithm, encoding)));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("hmac", result.Method);
        Assert.Equal("X-Signature verified (secret 1 of 1)", result.Detail);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EachHashAndEncoding_RejectsAnotherSecret(string? algorithm, string? encoding)
    {
        var result = Verify(Settings(algorithm, encoding), Body, ("X-Signature", Sign(algorithm, encoding, "another-secret")));

        Assert.False(result.Verified);
        Assert.Equal("signature does not match", result.Detail);
    }

    [Fact]
    public void HexIsCompared_WithoutRegardToCase()
    {
        var result = Verify(Settings(), Body, ("X-Signature", Sign(null, null).ToUpperInvariant()));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void ASignatureOfAnotherHash_IsRejected()
    {
        var result = Verify(Settings("sha512"), Body, ("X-Signature", Sign("sha256", "hex")));

        Assert.False(result.Verified);
        Assert.Equal("signature is not hex of 64 bytes", result.Detail);
    }

    [Fact]
    public void APrefix_MustStartTheValue()
    {
        var settings = Settings(prefix: "hmac-sha256=");

        Assert.True(Verify(settings, Body, ("X-Signature", "hmac-sha256=" + Sign(null, null))).Verified);
        var without = Verify(settings, Body, ("X-Signature", Sign(null, null)));
        Assert.False(without.Verified);
        Assert.Equal("X-Signature does not start with hmac-sha256=", without.Detail);
    }

    [Fact]
    public void AMissingHeader_IsRejected()
    {
        var result = Verify(Settings(), Body, ("X-Other", Sign(null, null)));

        Assert.False(result.Verified);
        Assert.Equal("no X-Signature header", result.Detail);
    }

    [Fact]
    public void WithoutAConfiguredHeader_NothingPasses()
    {
        var settings = Settings();
        settings.Header = null;

        var result = Verify(settings, Body, ("X-Signature", Sign(null, null)));

        Assert.False(result.Verified);
        Assert.Equal("no header is configured", result.Detail);
    }

    [Fact]
    public void ASignatureMadeWithThePreviousSecret_IsAccepted()
    {
        var settings = Settings();
        settings.PreviousSecret = "the-previous-secret";

        var result = Verify(settings, Body, ("X-Signature", Sign(null, null, "the-previous-secret")));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("X-Signature verified (secret 2 of 2)", result.Detail);
    }
}
