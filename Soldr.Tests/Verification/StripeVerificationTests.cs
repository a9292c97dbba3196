using System.Security.Cryptography;
using Soldr.Client.Contracts;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class StripeVerificationTests
{
    private const string Secret = "whsec_k7Qm2pXv9TcR4sLw8NyB3hJd6FgZ1aE5";
    private const string OldSecret = "whsec_Old0Old1Old2Old3Old4Old5Old6Old7";
    private const string Body = """{"id":"evt_1","object":"event","type":"charge.succeeded"}""";

    private static readonly long Timestamp = Now.ToUnixTimeSeconds();

    // Stripe's scheme: v1 = hex HMAC-SHA256 of "{t}.{body}", keyed with the whsec_ secret's UTF-8 bytes as is.
    private static string V1(string secret, long? timestamp = null, string body = Body) =>
        HexHmac(HashAlgorithmName.SHA256, secret, $"{timestamp ?? Timestamp}.{body}");

    private static VerificationSettings Settings(string? previous = null) =>
        new() { Kind = "stripe", Secret = Secret, PreviousSecret = previous };

    [Fact]
    public void ARequestSignedAsStripeDocuments_IsVerified()
    {
        var result = Verify(Settings(), Body, ("Stripe-Signature", $"t={Timestamp},v1={V1(Secret)},v0=6ffbb59b2300aae63f2720"));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("stripe", result.Method);
        Assert.Equal("Stripe-Signature verified (v1, secret 1 of 1)", result.Detail);
    }

    [Fact]
    public void TheHeaderName_IsMatchedWithoutRegardToCase()
    {
        var result = Verify(Settings(), Body, ("stripe-signature", $"t={Timestamp},v1={V1(Secret)}"));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void TheSecret_IsUsedAsText_NotBase64Decoded()
    {
        var decodedKey = Convert.FromBase64String(Secret["whsec_".Length..]);
        var signature = Convert.ToHexStringLower(
            CryptographicOperations.HmacData(HashAlgorithmName.SHA256, decodedKey, Utf8($"{Timestamp}.{Body}")));

        var result = Verify(Settings(), Body, ("Stripe-Signature", $"t={Timestamp},v1={signature}"));

        Assert.False(result.Verified);
        Assert.Equal("signature does not match", result.Detail);
    }

    [Fact]
    public void AWrongSignature_IsRejected()
    {
        var signature = V1(Secret, body: Body + " ");

        var result = Verify(Settings(), Body, ("Stripe-Signature", $"t={Timestamp},v1={signature}"));

        Assert.False(result.Verified);
        Assert.Equal("signature does not match", result.Detail);
    }

    [Fact]
    public void ASignatureMadeWithAnotherSecret_IsRejected()
    {
        var result = Verify(Settings(), Body, ("Stripe-Signature", $"t={Timestamp},v1={V1("whsec_someone_else")}"));

        Assert.False(result.Verified);
    }

    [Fact]
    public void ARequestWithoutTheHeader_IsRejected()
    {
        var result = Verify(Settings(), Body, ("Content-Type", "application/json"));

        Assert.False(result.Verified);
        Assert.Equal("no Stripe-Signature header", result.Detail);
    }

    [Fact]
    public void TheHeaderSentTwice_IsRejected_EvenIfOneCopyIsValid()
    {
        var good = $"t={Timestamp},v1={V1(Secret)}";

        var result = Verify(Settings(), Body, ("Stripe-Signature", good), ("Stripe-Signature", "t=1,v1=00"));

        Assert.False(result.Verified);
        Assert.Equal("Stripe-Signature appears 2 times", result.Detail);
    }

    [Theory]
    [InlineData(-301, "timestamp 301 s old, tolerance 300 s")]
    [InlineData(612, "timestamp 612 s in the future, tolerance 300 s")]
    public void AStaleOrFutureTimestamp_IsRejected_ThoughCorrectlySigned(int offset, string detail)
    {
        var timestamp = Timestamp + offset;

        var result = Verify(Settings(), Body, ("Stripe-Signature", $"t={timestamp},v1={V1(Secret, timestamp)}"));

        Assert.False(result.Verified);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void ATimestampWithinAConfiguredTolerance_IsAccepted()
    {
        var timestamp = Timestamp - 3000;
        var settings = Settings();
        settings.Tolerance = TimeSpan.FromHours(1);

        var result = Verify(settings, Body, ("Stripe-Signature", $"t={timestamp},v1={V1(Secret, timestamp)}"));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void ASignatureMadeWithThePreviousSecret_IsAccepted()
    {
        var result = Verify(Settings(OldSecret), Body, ("Stripe-Signature", $"t={Timestamp},v1={V1(OldSecret)}"));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("Stripe-Signature verified (v1, secret 2 of 2)", result.Detail);
    }

    [Fact]
    public void SeveralV1Signatures_PassWhenOnlyTheSecondMatches()
    {
        var header = $"t={Timestamp},v1={V1("whsec_rolled_away")},v1={V1(Secret)}";

        var result = Verify(Settings(), Body, ("Stripe-Signature", header));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void SeveralV1Signatures_FailWhenNoneMatches()
    {
        var header = $"t={Timestamp},v1={V1("whsec_a")},v1=zz,v1={V1("whsec_b")}";

        var result = Verify(Settings(), Body, ("Stripe-Signature", header));

        Assert.False(result.Verified);
        Assert.Equal("none of 3 v1 signatures matches", result.Detail);
    }

    [Theory]
    [InlineData("v1=abc", "Stripe-Signature has no timestamp (t=)")]
    [InlineData("t=1700000000", "Stripe-Signature has no v1 signature")]
    [InlineData("t=1700000000,v0=abc", "Stripe-Signature has no v1 signature")]
    [InlineData("t=-5,v1=abc", "Stripe-Signature has a timestamp that is not a whole number of seconds")]
    [InlineData("t=1700000000,t=1700000000,v1=abc", "Stripe-Signature has more than one timestamp (t=)")]
    public void AMalformedHeader_IsRejected_SayingWhatIsWrong(string header, string detail)
    {
        var result = Verify(Settings(), Body, ("Stripe-Signature", header));

        Assert.False(result.Verified);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void AConfiguredHeaderName_ReplacesStripes()
    {
        var settings = Settings();
        settings.Header = "X-Relay-Signature";

        var result = Verify(settings, Body, ("X-Relay-Signature", $"t={Timestamp},v1={V1(Secret)}"));

        Assert.True(result.Verified, result.Detail);
    }
}
