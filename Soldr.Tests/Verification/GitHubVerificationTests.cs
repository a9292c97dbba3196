using System.Security.Cryptography;
using Soldr.Client.Contracts;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class GitHubVerificationTests
{
    // The example in GitHub's "Validating webhook deliveries": this secret and body give this signature.
    private const string DocumentedSecret = "It's a Secret to Everybody";
    private const string DocumentedBody = "Hello, World!";
    private const string DocumentedSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private const string Body = """{"action":"opened","number":7}""";

    private static VerificationSettings Settings(string secret = DocumentedSecret, string? previous = null) =>
        new() { Kind = "github", Secret = secret, PreviousSecret = previous };

    // GitHub's scheme: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes.
    private static string Sign(string secret, string body = Body) => "sha256=" + HexHmac(HashAlgorithmName.SHA256, secret, body);

    [Fact]
    public void GitHubsDocumentedExample_IsVerified()
    {
        var result = Verify(Settings(), DocumentedBody, ("X-Hub-Signature-256", DocumentedSignature));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("github", result.Method);
        Assert.Equal("X-Hub-Signature-256 verified (secret 1 of 1)", result.Detail);
    }

    [Fact]
    public void ASignatureInUpperCaseHex_IsVerified()
    {
        var upper = "sha256=" + DocumentedSignature["sha256=".Length..].ToUpperInvariant();

        var result = Verify(Settings(), DocumentedBody, ("x-hub-signature-256", upper));

        Assert.True(result.Verified, result.Detail);
    }

    [Fact]
    public void AChangedBody_IsRejected()
    {
        var result = Verify(Settings(), "Hello, World?", ("X-Hub-Signature-256", DocumentedSignature));

        Assert.False(result.Verified);
        Assert.Equal("signature does not match", result.Detail);
    }

    [Fact]
    public void AnotherSecret_IsRejected()
    {
        var result = Verify(Settings("It's a Secret to Nobody"), DocumentedBody, ("X-Hub-Signature-256", DocumentedSignature));

        Assert.False(result.Verified);
    }

    [Fact]
    public void TheOldSha1Header_DoesNotCount()
    {
        var sha1 = "sha1=" + HexHmac(HashAlgorithmName.SHA1, DocumentedSecret, Body);

        var result = Verify(Settings(), Body, ("X-Hub-Signature", sha1));

        Assert.False(result.Verified);
        Assert.Equal("no X-Hub-Signature-256 header", result.Detail);
    }

    [Theory]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "X-Hub-Signature-256 does not start with sha256=")]
    [InlineData("sha256=757107ea", "signature is not hex of 32 bytes")]
    [InlineData("sha256=", "signature is not hex of 32 bytes")]
    public void AMalformedSignature_IsRejected(string header, string detail)
    {
        var result = Verify(Settings(), DocumentedBody, ("X-Hub-Signature-256", header));

        Assert.False(result.Verified);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void ASignatureMadeWithThePreviousSecret_IsAccepted()
    {
        var result = Verify(Settings("new-secret", previous: "old-secret"), Body, ("X-Hub-Signature-256", Sign("old-secret")));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("X-Hub-Signature-256 verified (secret 2 of 2)", result.Detail);
    }
}
