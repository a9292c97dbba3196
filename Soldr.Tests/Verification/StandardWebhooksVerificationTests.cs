using System.Text;
using Soldr.Client.Contracts;
using Soldr.Core.Signing;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class StandardWebhooksVerificationTests
{
    // The vector of the specification's reference libraries (test_sign_function and its siblings).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);
    private static readonly string OtherSecret = StandardWebhookSecret.Generate();

    private static VerificationSettings Settings(string secret = VectorSecret, string? previous = null) =>
        new() { Kind = "standard-webhooks", Secret = secret, PreviousSecret = previous };

    private static (string, string)[] Headers(string signature, long timestamp = VectorTimestamp, string id = VectorId) =>
        [
            ("webhook-id", id),
            ("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("webhook-signature", signature),
        ];

    // The scheme: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"> keyed with the base64-decoded whsec_ secret.
    private static string Sign(string secret, long timestamp = VectorTimestamp, string body = VectorBody)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Base64Hmac(key, $"{VectorId}.{timestamp}.{body}");
    }

    private static string Base64Hmac(byte[] key, string message) =>
        Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));

    [Fact]
    public void TheSpecificationsTestVector_IsVerified()
    {
        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers(VectorSignature));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("standard-webhooks", result.Method);
        Assert.Equal("webhook-signature verified (v1, secret 1 of 1)", result.Detail);
    }

    [Fact]
    public void OurOwnSigning_MatchesTheVector()
    {
        Assert.Equal(VectorSignature, Sign(VectorSecret));
    }

    [Fact]
    public void ASecretWithoutThePrefix_IsAccepted_AsTheReferenceLibrariesAcceptIt()
    {
        var result = Verify(Settings(VectorSecret["whsec_".Length..]), VectorBody, null, VectorTime, Headers(VectorSignature));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void TheReferenceLibrariesInvalidSignature_IsRejected()
    {
        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="));

        Assert.False(result.Verified);
        Assert.Equal("signature does not match", result.Detail);
    }

    [Fact]
    public void AnotherSecret_IsRejected()
    {
        var result = Verify(Settings(OtherSecret), VectorBody, null, VectorTime, Headers(VectorSignature));

        Assert.False(result.Verified);
    }

    [Fact]
    public void AChangedId_IsRejected()
    {
        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers(VectorSignature, id: "msg_other"));

        Assert.False(result.Verified);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void AMissingHeader_IsRejected(string missing)
    {
        var headers = Headers(VectorSignature).Where(h => h.Item1 != missing).ToArray();

        var result = Verify(Settings(), VectorBody, null, VectorTime, headers);

        Assert.False(result.Verified);
        Assert.Equal($"no {missing} header", result.Detail);
    }

    [Theory]
    [InlineData(-301, "timestamp 301 s old, tolerance 300 s")]
    [InlineData(301, "timestamp 301 s in the future, tolerance 300 s")]
    public void AStaleOrFutureTimestamp_IsRejected_ThoughCorrectlySigned(int offset, string detail)
    {
        var timestamp = VectorTimestamp + offset;

        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers(Sign(VectorSecret, timestamp), timestamp));

        Assert.False(result.Verified);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void ATimestampThatIsNotANumber_IsRejected()
    {
        var headers = Headers(VectorSignature).Select(h => h.Item1 == "webhook-timestamp" ? (h.Item1, "hello") : h).ToArray();

        var result = Verify(Settings(), VectorBody, null, VectorTime, headers);

        Assert.False(result.Verified);
        Assert.Equal("webhook-timestamp is not a whole number of seconds", result.Detail);
    }

    [Fact]
    public void SeveralSignatures_PassWhenOneV1Matches_AndOtherVersionsAreIgnored()
    {
        // As the reference libraries' multi-signature test: a wrong v1, a v2, the right one, a wrong v1.
        const string wrong = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        var header = $"{wrong} v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {VectorSignature} {wrong}";

        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers(header));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void OnlyTheSecondOfTwoV1Signatures_Matching_Passes()
    {
        var header = $"{Sign(OtherSecret)} {VectorSignature}";

        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers(header));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void OnlyAsymmetricSignatures_AreRejected_AsNothingToCheck()
    {
        // The asymmetric example signature from the specification.
        const string v1a = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";

        var result = Verify(Settings(), VectorBody, null, VectorTime, Headers(v1a));

        Assert.False(result.Verified);
        Assert.Equal("webhook-signature has no v1 signature", result.Detail);
    }

    [Fact]
    public void ASignatureMadeWithThePreviousSecret_IsAccepted()
    {
        var result = Verify(Settings(OtherSecret, previous: VectorSecret), VectorBody, null, VectorTime, Headers(VectorSignature));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("webhook-signature verified (v1, secret 2 of 2)", result.Detail);
    }

    [Fact]
    public void SignaturesMadeBySoldrsOwnSigner_AreVerified()
    {
        var key = StandardWebhookSecret.TryReadKey(OtherSecret)!;
        var header = StandardWebhookSignature.Header([key], VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody));

        var result = Verify(Settings(OtherSecret), VectorBody, null, VectorTime, Headers(header));

        Assert.True(result.Verified, result.Detail);
    }
}
