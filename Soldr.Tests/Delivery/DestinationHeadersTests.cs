using System.Text;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Tests.Infrastructure;
using static Soldr.Tests.Services.DeliverySenderTests;

namespace Soldr.Tests.Delivery;

/// <summary>A destination's static headers and Basic credentials, as a real receiver gets them.</summary>
public sealed class DestinationHeadersTests
{
    [Fact]
    public async Task StaticHeaders_ReachTheReceiver_AndReplaceTheSendersHeaderOfTheSameNameInAnyLetterCase()
    {
        await using var receiver = new RawHttpReceiver();
        var work = With(receiver.Url + "hook", new DestinationSettings
        {
            Headers = new() { ["X-Api-Key"] = "k-123", ["content-type"] = "application/cloudevents+json" },
        },
        new("x-api-key", "sender's"), new("Content-Type", "application/json"), new("X-Other", "kept"));

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(["k-123"], received.Values("X-Api-Key"));
        Assert.Equal(["application/cloudevents+json"], received.Values("Content-Type"));
        Assert.Equal(["kept"], received.Values("X-Other"));
    }

    [Fact]
    public async Task BasicAuth_IsSentAsAuthorization_InPlaceOfTheSendersAndOfTheUrlsCredentials()
    {
        await using var receiver = new RawHttpReceiver();
        var url = $"http://url-user:url-pass@127.0.0.1:{receiver.Port}/hook";
        var work = With(url, new DestinationSettings { BasicAuth = new() { Username = "relay", Password = "pä:ss" } },
            KeyValuePair.Create("Authorization", "Bearer sender's"));

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        Assert.Equal(
            ["Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("relay:pä:ss"))],
            Assert.Single(receiver.Received).Values("Authorization"));
    }

    [Fact]
    public async Task AStaticAuthorizationHeader_WinsOverBasicAuth_WhenStoredSettingsHaveBoth()
    {
        await using var receiver = new RawHttpReceiver();
        var work = With(receiver.Url + "hook", new DestinationSettings
        {
            BasicAuth = new() { Username = "relay", Password = "secret" },
            Headers = new() { ["authorization"] = "Bearer static" },
        });

        await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(["Bearer static"], Assert.Single(receiver.Received).Values("Authorization"));
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Content-Length")]
    [InlineData("Transfer-Encoding")]
    [InlineData("connection")]
    [InlineData("Soldr-Request-Id")]
    [InlineData("soldr-attempt")]
    [InlineData("X-Forwarded-For")]
    [InlineData("x-forwarded-anything")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    [InlineData("webhook-id")]
    [InlineData("Webhook-Signature")]
    public async Task AStoredStaticHeaderThatWouldOverrideAForbiddenHeader_IsRefused_AndNothingIsSent(string name)
    {
        await using var receiver = new RawHttpReceiver();

        // Validation refuses these names; this is a row stored without it.
        var work = With(receiver.Url + "hook", new DestinationSettings { Headers = new() { ["X-Fine"] = "yes", [name] = "spoofed" } });

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.Equal(
            $"the destination's header {name} may not be set: it describes the connection, or Soldr sets it itself",
            attempt.Error!.Message);
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("X-Evil", "a\r\nX-Injected: yes")]
    [InlineData("X-Nul", "a\0b")]
    public async Task AStoredStaticHeaderValueThatIsNotAValidLine_IsRefusedWithoutEchoingIt(string name, string value)
    {
        await using var receiver = new RawHttpReceiver();
        var work = With(receiver.Url + "hook", new DestinationSettings { Headers = new() { [name] = value } });

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.StartsWith($"the destination's header {name} has an invalid value", attempt.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, attempt.Error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task IncompleteStoredBasicAuth_IsRefused_RatherThanSentWithoutCredentials()
    {
        await using var receiver = new RawHttpReceiver();
        var work = With(receiver.Url + "hook", new DestinationSettings { BasicAuth = new() { Username = "relay" } });

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.Empty(receiver.Received);
    }

    internal static DeliveryWork With(string url, DestinationSettings settings, params KeyValuePair<string, string>[] headers) =>
        Work(url, headers) with { Policy = DeliveryPolicy.Resolve(new DeliveryOptions(), new(), settings) };
}
