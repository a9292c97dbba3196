using Soldr.Client.Contracts;
using Soldr.Core.Signing;
using Soldr.Core.Verification;

namespace Soldr.Tests.Verification;

public sealed class VerificationRulesTests
{
    private const string Prefix = "Soldr:Webhooks:shop:";
    private const string SecretValue = "s3cr3t-value-that-must-not-leak";

    private static readonly Dictionary<string, (Func<VerificationSettings> Settings, string Key)> BadSettings = new()
    {
        ["unknown kind"] = (() => new() { Kind = "paypal", Secret = SecretValue }, "Verification:Kind "),
        ["blank kind"] = (() => new() { Kind = " ", Secret = SecretValue }, "Verification:Kind "),
        ["kind without secret"] = (() => new() { Kind = "github" }, "Verification:Secret "),
        ["bad standard secret"] =
            (() => new() { Kind = "standard-webhooks", Secret = "whsec_" + SecretValue }, "Verification:Secret "),
        ["short standard secret"] =
            (() => new() { Kind = "standard-webhooks", Secret = "whsec_c2hvcnQ=" }, "Verification:Secret "),
        ["bad previous secret"] =
            (() => new() { Kind = "standard-webhooks", Secret = StandardWebhookSecret.Generate(), PreviousSecret = SecretValue },
                "Verification:PreviousSecret "),
        ["previous without secret"] =
            (() => new() { Kind = "github", PreviousSecret = SecretValue }, "Verification:PreviousSecret "),
        ["basic without colon"] = (() => new() { Kind = "basic", Secret = SecretValue }, "Verification:Secret "),
        ["basic previous without colon"] =
            (() => new() { Kind = "basic", Secret = "u:p", PreviousSecret = SecretValue }, "Verification:PreviousSecret "),
        ["bearer with newline"] =
            (() => new() { Kind = "bearer", Secret = SecretValue + "\n" }, "Verification:Secret "),
        ["bearer with spaces"] = (() => new() { Kind = "bearer", Secret = " " + SecretValue }, "Verification:Secret "),
        ["hmac without header"] = (() => new() { Kind = "hmac", Secret = SecretValue }, "Verification:Header "),
        ["bad header name"] =
            (() => new() { Kind = "github", Secret = SecretValue, Header = "X Sig" }, "Verification:Header "),
        ["bad algorithm"] =
            (() => new() { Kind = "hmac", Secret = SecretValue, Header = "X-Sig", Algorithm = "md5" }, "Verification:Algorithm "),
        ["algorithm for github"] =
            (() => new() { Kind = "github", Secret = SecretValue, Algorithm = "sha256" }, "Verification:Algorithm "),
        ["bad encoding"] =
            (() => new() { Kind = "hmac", Secret = SecretValue, Header = "X-Sig", Encoding = "base32" }, "Verification:Encoding "),
        ["encoding for shopify"] =
            (() => new() { Kind = "shopify", Secret = SecretValue, Encoding = "hex" }, "Verification:Encoding "),
        ["prefix with newline"] =
            (() => new() { Kind = "hmac", Secret = SecretValue, Header = "X-Sig", Prefix = "a\nb" }, "Verification:Prefix "),
        ["prefix for stripe"] =
            (() => new() { Kind = "stripe", Secret = SecretValue, Prefix = "v1=" }, "Verification:Prefix "),
        ["tolerance too short"] =
            (() => new() { Kind = "stripe", Secret = SecretValue, Tolerance = TimeSpan.FromMilliseconds(500) }, "Verification:Tolerance "),
        ["tolerance too long"] =
            (() => new() { Kind = "stripe", Secret = SecretValue, Tolerance = TimeSpan.FromDays(2) }, "Verification:Tolerance "),
        ["tolerance for bearer"] =
            (() => new() { Kind = "bearer", Secret = SecretValue, Tolerance = TimeSpan.FromMinutes(1) }, "Verification:Tolerance "),
        ["bad network"] =
            (() => new() { AllowedNetworks = ["10.0.0.0/8", "10.0.0.1/8"] }, "Verification:AllowedNetworks entry 1 "),
        ["network name"] = (() => new() { AllowedNetworks = ["example.com"] }, "Verification:AllowedNetworks entry 0 "),
        ["empty networks"] =
            (() => new() { Kind = "github", Secret = SecretValue, AllowedNetworks = [] }, "Verification:AllowedNetworks "),
        ["origin with path"] =
            (() => new() { AllowedOrigins = ["https://ok.test/"] }, "Verification:AllowedOrigins entry 0 "),
        ["origin with default port"] =
            (() => new() { AllowedOrigins = ["https://ok.test:443"] }, "Verification:AllowedOrigins entry 0 "),
        ["origin without scheme"] =
            (() => new() { AllowedOrigins = ["https://ok.test", "ok.test"] }, "Verification:AllowedOrigins entry 1 "),
        ["origin with user"] =
            (() => new() { AllowedOrigins = ["https://me@ok.test"] }, "Verification:AllowedOrigins entry 0 "),
        ["empty origins"] = (() => new() { AllowedOrigins = [] }, "Verification:AllowedOrigins "),
        ["bad on failure"] =
            (() => new() { Kind = "github", Secret = SecretValue, OnFailure = "drop" }, "Verification:OnFailure "),
        ["nothing to check"] = (() => new() { OnFailure = "flag" }, "Verification sets nothing to check"),
    };

    public static TheoryData<string> BadCases => [.. BadSettings.Keys];

    public static TheoryData<string> GoodCases => [.. GoodSettings.Keys];

    private static readonly Dictionary<string, VerificationSettings> GoodSettings = new()
    {
        ["stripe"] =
            new()
            {
                Kind = "Stripe",
                Secret = "whsec_abc",
                PreviousSecret = "whsec_def",
                Tolerance = TimeSpan.FromMinutes(10),
                OnFailure = "Flag",
            },
        ["github"] =
            new() { Kind = "github", Secret = SecretValue, Header = "X-Hub-Signature-256", OnFailure = "reject" },
        ["shopify"] = new() { Kind = "shopify", Secret = SecretValue },
        ["standard"] =
            new() { Kind = "standard-webhooks", Secret = StandardWebhookSecret.Generate(), Tolerance = TimeSpan.FromSeconds(1) },
        ["standard bare"] = new() { Kind = "standard-webhooks", Secret = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
        ["hmac"] =
            new()
            {
                Kind = "hmac",
                Secret = SecretValue,
                Header = "X-Sig",
                Algorithm = "SHA512",
                Encoding = "Base64",
                Prefix = "sha512=",
            },
        ["bearer"] = new() { Kind = "bearer", Secret = SecretValue },
        ["basic"] = new() { Kind = "basic", Secret = "user:pass", PreviousSecret = "user:old" },
        ["lists"] = new()
        {
            AllowedNetworks = ["192.0.2.0/24", "2001:db8::/32", "203.0.113.9", "private"],
            AllowedOrigins = ["https://ok.test", "http://localhost:5173", "http://[::1]:8080"],
        },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    public void EachBadSetting_IsNamedByItsKey_WithoutQuotingASecret(string name)
    {
        var (settings, key) = BadSettings[name];
        var failures = new List<string>();

        VerificationRules.Check(settings(), Prefix, failures);

        Assert.Contains(failures, f => f.StartsWith(Prefix + key, StringComparison.Ordinal));
        Assert.All(failures, f => Assert.StartsWith(Prefix + "Verification", f, StringComparison.Ordinal));
        Assert.All(failures, f => Assert.DoesNotContain(SecretValue, f, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void GoodSettings_PassEveryRule(string name)
    {
        var failures = new List<string>();

        VerificationRules.Check(GoodSettings[name], Prefix, failures);

        Assert.Empty(failures);
    }

    [Fact]
    public void NoSettings_HaveNothingToCheck()
    {
        var failures = new List<string>();

        VerificationRules.Check(null, Prefix, failures);

        Assert.Empty(failures);
    }

    [Fact]
    public void EveryGoodSetting_IsOneTheVerifierCanApply()
    {
        foreach (var settings in GoodSettings.Values)
        {
            var result = RequestVerifier.Verify(settings, [], [], System.Net.IPAddress.Parse("192.0.2.1"), DateTimeOffset.UnixEpoch);

            Assert.NotEqual(RequestVerifier.Configuration, result.Method);
        }
    }
}
