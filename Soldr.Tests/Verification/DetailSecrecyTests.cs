using System.Net;
using System.Text;
using Soldr.Client.Contracts;
using Soldr.Core.Signing;
using Soldr.Core.Verification;

namespace Soldr.Tests.Verification;

/// <summary>
/// Hostile requests against one invariant: a result never quotes a secret, and its detail is short, plain
/// text. (Origin is left out: it is quoted by design, and a sender who puts a secret there already has it.)
/// </summary>
public sealed class DetailSecrecyTests
{
    private static readonly string[] HeaderNames =
    [
        "Stripe-Signature", "X-Hub-Signature-256", "X-Shopify-Hmac-Sha256", "webhook-id", "webhook-timestamp",
        "webhook-signature", "X-Signature", "Authorization",
    ];

    public static TheoryData<string> Kinds => [.. VerificationKinds.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NoHostileRequest_GetsASecretIntoTheDetail(string kind)
    {
        var random = new Random(kind.GetHashCode(StringComparison.Ordinal) ^ 20260101);
        var secret = NewSecret(kind);
        var previous = NewSecret(kind);
        var settings = new VerificationSettings
        {
            Kind = kind,
            Secret = secret,
            PreviousSecret = previous,
            Header = kind == VerificationKinds.Hmac ? "X-Signature" : null,
        };

        for (var i = 0; i < 500; i++)
        {
            var headers = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => KeyValuePair.Create(HeaderNames[random.Next(HeaderNames.Length)], Hostile(random, secret, previous)))
                .ToList();

            var body = Encoding.UTF8.GetBytes(Hostile(random, secret, previous));

            var result = RequestVerifier.Verify(settings, headers, body, IPAddress.Loopback, SignedRequest.Now);

            Assert.DoesNotContain(secret, result.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(previous, result.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("user:", result.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Detail, c => char.IsControl(c) || char.IsSurrogate(c));
            Assert.True(result.Detail.Length <= 200, result.Detail);
        }
    }

    private static string NewSecret(string kind) =>
        kind == VerificationKinds.StandardWebhooks ? StandardWebhookSecret.Generate() : "user:" + Guid.NewGuid().ToString("N");

    // Values a forger might try: the secret itself in every place a token goes, fragments of schemes, junk.
    private static string Hostile(Random random, string secret, string previous)
    {
        string[] pieces =
        [
            secret, previous, "Bearer " + secret, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret + "x")),
            "t=1700000000", "t=", "v1=", "v1," + secret, "sha256=" + secret, ",", " ", "=", "\r\n", "\0", "\u202e",
            "https://ok.test.evil", new string('9', 30), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), "\ud800",
        ];
        var builder = new StringBuilder();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }
}
