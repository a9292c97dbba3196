using System.Text;
using Soldr.Client.Contracts;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class AuthorizationVerificationTests
{
    private const string Token = "tok_9f8e7d6c5b4a39281706";
    private const string Credentials = "relay-user:pässword:with:colons";

    private static VerificationSettings Bearer(string? previous = null) =>
        new() { Kind = "bearer", Secret = Token, PreviousSecret = previous };

    private static VerificationSettings Basic(string? previous = null) =>
        new() { Kind = "basic", Secret = Credentials, PreviousSecret = previous };

    private static string BasicHeader(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    [InlineData("Bearer   " + Token)]
    public void TheBearerToken_IsAccepted(string header)
    {
        var result = Verify(Bearer(), "{}", ("authorization", header));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("bearer", result.Method);
        Assert.Equal("token matches (secret 1 of 1)", result.Detail);
    }

    [Theory]
    [InlineData("Bearer tok_9f8e7d6c5b4a3928170")]
    [InlineData("Bearer tok_9f8e7d6c5b4a392817066")]
    [InlineData("Bearer TOK_9F8E7D6C5B4A39281706")]
    public void AnotherToken_IsRejected(string header)
    {
        var result = Verify(Bearer(), "{}", ("Authorization", header));

        Assert.False(result.Verified);
        Assert.Equal("token does not match", result.Detail);
    }

    [Theory]
    [InlineData(Token)]
    [InlineData("Basic " + Token)]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    public void AValueThatIsNotABearerToken_IsRejected_WithoutQuotingIt(string header)
    {
        var result = Verify(Bearer(), "{}", ("Authorization", header));

        Assert.False(result.Verified);
        Assert.Equal("Authorization is not a Bearer token", result.Detail);
    }

    [Fact]
    public void AMissingAuthorization_IsRejected()
    {
        var result = Verify(Bearer(), "{}");

        Assert.False(result.Verified);
        Assert.Equal("no Authorization header", result.Detail);
    }

    [Fact]
    public void ATokenInAConfiguredHeader_IsItsWholeValue()
    {
        var settings = Bearer();
        settings.Header = "X-Gitlab-Token";

        Assert.True(Verify(settings, "{}", ("X-Gitlab-Token", Token)).Verified);
        Assert.False(Verify(settings, "{}", ("X-Gitlab-Token", "Bearer " + Token)).Verified);
    }

    [Fact]
    public void ThePreviousToken_IsAccepted()
    {
        var result = Verify(Bearer("tok_previous_one"), "{}", ("Authorization", "Bearer tok_previous_one"));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("token matches (secret 2 of 2)", result.Detail);
    }

    [Fact]
    public void BasicCredentials_AreAccepted()
    {
        var result = Verify(Basic(), "{}", ("Authorization", BasicHeader(Credentials)));

        Assert.True(result.Verified, result.Detail);
        Assert.Equal("basic", result.Method);
        Assert.Equal("credentials match (secret 1 of 1)", result.Detail);
    }

    [Theory]
    [InlineData("relay-user:wrong")]
    [InlineData("relay-user:pässword:with:colon")]
    [InlineData("other-user:pässword:with:colons")]
    public void OtherBasicCredentials_AreRejected(string credentials)
    {
        var result = Verify(Basic(), "{}", ("Authorization", BasicHeader(credentials)));

        Assert.False(result.Verified);
        Assert.Equal("credentials do not match", result.Detail);
    }

    [Fact]
    public void BasicCredentialsThatAreNotBase64_AreRejected()
    {
        var result = Verify(Basic(), "{}", ("Authorization", "Basic " + Credentials));

        Assert.False(result.Verified);
        Assert.Equal("Basic credentials are not base64", result.Detail);
    }

    [Fact]
    public void ABearerTokenForBasic_IsRejected()
    {
        var result = Verify(Basic(), "{}", ("Authorization", "Bearer " + Credentials));

        Assert.False(result.Verified);
        Assert.Equal("Authorization is not Basic credentials", result.Detail);
    }

    [Fact]
    public void ThePreviousBasicCredentials_AreAccepted()
    {
        var result = Verify(Basic("relay-user:old"), "{}", ("Authorization", BasicHeader("relay-user:old")));

        Assert.True(result.Verified, result.Detail);
    }
}
