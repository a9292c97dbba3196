using System.Net;
using System.Security.Cryptography;
using Soldr.Client.Contracts;
using Soldr.Core.Verification;
using static Soldr.Tests.Verification.SignedRequest;

namespace Soldr.Tests.Verification;

public sealed class AllowListTests
{
    private static VerificationSettings Networks(params string[] networks) => new() { AllowedNetworks = [.. networks] };

    private static VerificationSettings Origins(params string[] origins) => new() { AllowedOrigins = [.. origins] };

    private static VerificationResult From(VerificationSettings settings, string? address, params (string, string)[] headers) =>
        Verify(settings, "{}", address is null ? null : IPAddress.Parse(address), Now, headers);

    [Theory]
    [InlineData("192.0.2.10", true)]
    [InlineData("192.0.2.255", true)]
    [InlineData("192.0.3.1", false)]
    [InlineData("::ffff:192.0.2.10", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db9::1", false)]
    [InlineData("198.51.100.7", true)]
    [InlineData("198.51.100.8", false)]
    public void TheSourceAddress_MustBeInAnAllowedNetwork(string address, bool allowed)
    {
        var result = From(Networks("192.0.2.0/24", "2001:db8::/32", "198.51.100.7"), address);

        Assert.Equal(allowed, result.Verified);
        Assert.Equal("networks", result.Method);
    }

    [Fact]
    public void ARefusal_NamesTheSourceAddress()
    {
        var result = From(Networks("10.0.0.0/8"), "::ffff:172.16.1.2");

        Assert.Equal("source 172.16.1.2 is not in the allowed networks", result.Detail);
    }

    [Fact]
    public void AnUnknownSource_IsRefused()
    {
        var result = From(Networks("0.0.0.0/0"), null);

        Assert.False(result.Verified);
        Assert.Equal("the source address is unknown", result.Detail);
    }

    [Fact]
    public void NamedSets_CanBeAllowed()
    {
        Assert.True(From(Networks("private"), "10.1.2.3").Verified);
        Assert.False(From(Networks("private"), "8.8.8.8").Verified);
    }

    [Theory]
    [InlineData("https://dashboard.example.com", true)]
    [InlineData("HTTPS://Dashboard.Example.com", true)]
    [InlineData("http://localhost:5173", true)]
    [InlineData("https://evil.test", false)]
    [InlineData("https://dashboard.example.com.evil.test", false)]
    [InlineData("https://dashboard.example.com:8443", false)]
    [InlineData("null", false)]
    public void TheOrigin_MustBeAllowed(string origin, bool allowed)
    {
        var result = From(Origins("https://dashboard.example.com", "http://localhost:5173"), null, ("Origin", origin));

        Assert.Equal(allowed, result.Verified);
        Assert.Equal("origins", result.Method);
    }

    [Fact]
    public void ARefusedOrigin_IsNamed_WithControlCharactersReplacedAndLengthCut()
    {
        var origin = "https://evil.test\u001b[31m\u202e" + new string('a', 300);

        var result = From(Origins("https://ok.test"), null, ("Origin", origin));

        Assert.False(result.Verified);
        Assert.StartsWith("Origin https://evil.test?[31m?aaa", result.Detail, StringComparison.Ordinal);
        Assert.True(result.Detail.Length < 140, result.Detail);
    }

    [Fact]
    public void AMissingOrigin_IsRefused_WhenOriginsAreListed()
    {
        var result = From(Origins("https://ok.test"), null);

        Assert.False(result.Verified);
        Assert.Equal("no Origin header", result.Detail);
    }

    [Fact]
    public void BothLists_MustPass_AndAreCheckedBeforeTheSignature()
    {
        const string secret = "gh-secret";
        var settings = new VerificationSettings
        {
            Kind = "github",
            Secret = secret,
            AllowedNetworks = ["192.0.2.0/24"],
            AllowedOrigins = ["https://ok.test"],
        };
        var signature = ("X-Hub-Signature-256", "sha256=" + HexHmac(HashAlgorithmName.SHA256, secret, "{}"));

        Assert.True(From(settings, "192.0.2.1", ("Origin", "https://ok.test"), signature).Verified);
        Assert.Equal("networks", From(settings, "192.0.3.1", ("Origin", "https://ok.test"), signature).Method);
        Assert.Equal("origins", From(settings, "192.0.2.1", ("Origin", "https://no.test"), signature).Method);
        var unsigned = From(settings, "192.0.2.1", ("Origin", "https://ok.test"));
        Assert.Equal(("github", false), (unsigned.Method, unsigned.Verified));
    }

    [Fact]
    public void ListsAlone_ReportWhatPassed()
    {
        var settings = new VerificationSettings { AllowedNetworks = ["192.0.2.0/24"], AllowedOrigins = ["https://ok.test"] };

        var result = From(settings, "192.0.2.1", ("Origin", "https://ok.test"));

        var expected = new VerificationResult(
            true,
            "networks+origins",
            "source 192.0.2.1 and Origin https://ok.test are allowed");
        Assert.Equal(expected, result);
    }

    [Fact]
    public void NothingConfigured_PassesAsNone()
    {
        Assert.False(RequestVerifier.IsConfigured(null));
        Assert.False(RequestVerifier.IsConfigured(new VerificationSettings { AllowedNetworks = [] }));
        Assert.True(RequestVerifier.IsConfigured(new VerificationSettings { Kind = "github" }));
        Assert.Equal(new VerificationResult(true, "none", "nothing to check"), From(new VerificationSettings(), null));
    }

    [Fact]
    public void AKindWithoutASecret_FailsClosed()
    {
        var result = From(new VerificationSettings { Kind = "bearer" }, null, ("Authorization", "Bearer "));

        Assert.Equal(new VerificationResult(false, "bearer", "no secret is configured"), result);
    }

    [Fact]
    public void AnUnknownKind_FailsClosed()
    {
        var result = From(new VerificationSettings { Kind = "paypal", Secret = "x" }, null);

        Assert.Equal(new VerificationResult(false, "configuration", "unknown kind paypal"), result);
    }
}
