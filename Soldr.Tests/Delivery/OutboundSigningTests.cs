using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Signing;
using Soldr.Tests.Infrastructure;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using static Soldr.Tests.Services.DeliverySenderTests;

namespace Soldr.Tests.Delivery;

/// <summary>Soldr's Standard Webhooks signature on outbound attempts, verified with the reference implementation.</summary>
public sealed class OutboundSigningTests
{
    private static readonly string OldSecret = StandardWebhookSecret.Generate();
    private static readonly string NewSecret = StandardWebhookSecret.Generate();

    [Fact]
    public async Task ASignedAttempt_VerifiesWithTheReferenceImplementation_UnderTheRequestId()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Signed(receiver.Url + "hook", new SigningSettings { Enabled = true, Secret = NewSecret });

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        new StandardWebhook(NewSecret).Verify("{}", StandardHeaders(received));
        Assert.Equal([work.RequestId.ToString()], received.Values("webhook-id"));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(OldSecret).Verify("{}", StandardHeaders(received)));
    }

    [Fact]
    public async Task DuringARotation_ReceiversKnowingEitherSecretVerify_AndOncePreviousExpiresAtHasPassed_OnlyTheNewSecretDoes()
    {
        await using var receiver = new RawHttpReceiver();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var work = Signed(receiver.Url + "hook", new SigningSettings
        {
            Enabled = true,
            Secret = NewSecret,
            PreviousSecret = OldSecret,
            PreviousExpiresAt = time.GetUtcNow().AddMinutes(1),
        });
        var sender = Sender(timeProvider: time);

        await sender.SendAsync(work, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(2));
        await sender.SendAsync(work with { AttemptNumber = 2 }, CancellationToken.None);

        var (during, after) = (receiver.Received.First(), receiver.Received.Last());
        Assert.Equal(2, Assert.Single(during.Values("webhook-signature")).Split(' ').Length);
        Assert.True(AnySignatureVerifies(OldSecret, during));
        Assert.True(AnySignatureVerifies(NewSecret, during));
        Assert.Single(Assert.Single(after.Values("webhook-signature")).Split(' '));
        Assert.True(AnySignatureVerifies(NewSecret, after));
        Assert.False(AnySignatureVerifies(OldSecret, after));
    }

    [Fact]
    public async Task EachAttempt_IsStampedWithItsOwnTime_WhileWebhookIdStaysTheSameAcrossRetries()
    {
        await using var receiver = new RawHttpReceiver();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var work = Signed(receiver.Url + "hook", new SigningSettings { Enabled = true, Secret = NewSecret });
        var sender = Sender(timeProvider: time);
        var first = time.GetUtcNow();

        await sender.SendAsync(work, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(90));
        await sender.SendAsync(work with { AttemptNumber = 2 }, CancellationToken.None);

        var (one, two) = (receiver.Received.First(), receiver.Received.Last());
        Assert.Equal([Unix(first)], one.Values("webhook-timestamp"));
        Assert.Equal([Unix(first.AddSeconds(90))], two.Values("webhook-timestamp"));
        Assert.Equal(one.Values("webhook-id"), two.Values("webhook-id"));
        Assert.NotEqual(one.Values("webhook-signature"), two.Values("webhook-signature"));
        new StandardWebhook(NewSecret).Verify("{}", StandardHeaders(one));
        new StandardWebhook(NewSecret).Verify("{}", StandardHeaders(two));
    }

    [Fact]
    public async Task AnEditedRevision_IsSignedOverTheEditedBody_ThatIsSent()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        const string Edited = """{"order":42,"note":"corrected – ünïcödé"}""";
        var work = Signed(receiver.Url + "hook", new SigningSettings { Enabled = true, Secret = NewSecret }) with
        {
            Body = System.Text.Encoding.UTF8.GetBytes(Edited),
            Revision = 1,
        };

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(Edited, received.BodyText);
        new StandardWebhook(NewSecret).Verify(received.BodyText, Headers(received));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(NewSecret).Verify("{}", Headers(received)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("replace")]
    [InlineData("REPLACE")]
    public async Task WithReplace_AProvidersStandardWebhooksHeadersGiveWayToSoldrsSignature(string? mode)
    {
        await using var receiver = new RawHttpReceiver();
        var work = Signed(receiver.Url + "hook", new SigningSettings { Secret = NewSecret, ProviderHeaders = mode }, ProviderHeaders);

        await Sender().SendAsync(work, CancellationToken.None);

        var received = Assert.Single(receiver.Received);
        Assert.Equal([work.RequestId.ToString()], received.Values("webhook-id"));
        Assert.DoesNotContain("v1,provider-signature", Assert.Single(received.Values("webhook-signature")), StringComparison.Ordinal);
        Assert.Single(received.Values("webhook-timestamp"));
        new StandardWebhook(NewSecret).Verify("{}", StandardHeaders(received));
    }

    [Fact]
    public async Task WithKeep_AProvidersStandardWebhooksHeadersPassUntouched_AndSoldrAddsNoSignature()
    {
        await using var receiver = new RawHttpReceiver();
        var keep = new SigningSettings { Enabled = true, Secret = NewSecret, ProviderHeaders = "keep" };
        var provider = Signed(receiver.Url + "hook", keep, ProviderHeaders);
        var unsignedByProvider = Signed(receiver.Url + "hook", keep);

        await Sender().SendAsync(provider, CancellationToken.None);
        await Sender().SendAsync(unsignedByProvider, CancellationToken.None);

        var (kept, signed) = (receiver.Received.First(), receiver.Received.Last());
        Assert.Equal(["msg_provider"], kept.Values("webhook-id"));
        Assert.Equal(["1700000000"], kept.Values("webhook-timestamp"));
        Assert.Equal(["v1,provider-signature"], kept.Values("webhook-signature"));

        // Keep concerns a provider's own headers only: a request that came without them is still signed.
        new StandardWebhook(NewSecret).Verify("{}", StandardHeaders(signed));
    }

    [Fact]
    public async Task SigningTurnedOff_KeepsTodaysHeaders_AProvidersWebhookIdOrTheRequestId()
    {
        await using var receiver = new RawHttpReceiver();
        var off = new SigningSettings { Enabled = false, Secret = NewSecret };

        await Sender().SendAsync(Signed(receiver.Url + "hook", off, ProviderHeaders), CancellationToken.None);
        var plain = Signed(receiver.Url + "hook", off);
        await Sender().SendAsync(plain, CancellationToken.None);

        var (provider, own) = (receiver.Received.First(), receiver.Received.Last());
        Assert.Equal(["msg_provider"], provider.Values("webhook-id"));
        Assert.Equal(["v1,provider-signature"], provider.Values("webhook-signature"));
        Assert.Equal([plain.RequestId.ToString()], own.Values("webhook-id"));
        Assert.Empty(own.Values("webhook-signature"));
    }

    [Fact]
    public async Task SigningOnWithoutAValidSecret_IsRefused_RatherThanSentUnsigned()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Signed(receiver.Url + "hook", new SigningSettings { Enabled = true, Secret = "whsec_c2hvcnQ=" });

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.Equal("signing is on, but the destination's signing secret is missing or not valid", attempt.Error!.Message);
        Assert.Empty(receiver.Received);
    }

    private static readonly KeyValuePair<string, string>[] ProviderHeaders =
    [
        new("webhook-id", "msg_provider"),
        new("Webhook-Timestamp", "1700000000"),
        new("webhook-signature", "v1,provider-signature"),
    ];

    private static DeliveryWork Signed(string url, SigningSettings signing, params KeyValuePair<string, string>[] headers) =>
        Work(url, headers) with
        {
            Policy = DeliveryPolicy.Resolve(new DeliveryOptions(), new(), new DestinationSettings { Signing = signing }),
        };

    /// <summary>
    /// Whether a receiver knowing only <paramref name="secret"/> accepts the request: the spec accepts a message
    /// when any one of its space-separated signatures matches. StandardWebhooks 1.1.2 never reaches the last of
    /// several (its loop ends once no space follows the one it just read), so each signature sent is given to it
    /// on its own.
    /// </summary>
    private static bool AnySignatureVerifies(string secret, RawRequest request) =>
        Assert.Single(request.Values("webhook-signature")).Split(' ').Any(signature =>
        {
            var headers = StandardHeaders(request);
            headers["webhook-signature"] = signature;
            try
            {
                new StandardWebhook(secret).Verify("{}", headers);
                return true;
            }
            catch (WebhookVerificationException)
            {
                return false;
            }
        });

    private static string Unix(DateTimeOffset time) =>
        time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static HeaderDictionary StandardHeaders(RawRequest request) => new()
    {
        ["webhook-id"] = new StringValues([.. request.Values("webhook-id")]),
        ["webhook-timestamp"] = new StringValues([.. request.Values("webhook-timestamp")]),
        ["webhook-signature"] = new StringValues([.. request.Values("webhook-signature")]),
    };

    private static HeaderDictionary Headers(ReceivedRequest request) =>
        new(request.Headers.ToDictionary(h => h.Key, h => new StringValues(h.Value), StringComparer.OrdinalIgnoreCase));
}
