using System.Collections.Frozen;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Tests.Infrastructure;
using Soldr.Worker;
using Soldr.Worker.Delivery;
using Soldr.Worker.Delivery.Tls;
using Soldr.Worker.Delivery.Urls;
using Soldr.Worker.Extensions;

namespace Soldr.Tests.Services;

public sealed class DeliverySenderTests
{
    private static readonly FrozenSet<string> PutOrPost = new[] { "PUT", "POST" }.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> SignatureAndType = new[] { "x-signature", "Content-Type" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task OriginalHeadersAreForwarded_WithoutHopByHopOnes_AProvidersWebhookIdIsKept_AndSoldrsOwnCannotBeSpoofed()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        var work = Work(receiver.Url + "hook",
            new("Content-Type", "application/json"),
            new("webhook-id", "msg_provider_1"),
            new("webhook-signature", "v1,abc"),
            new("Connection", "close"),
            new("Host", "shop.wh.localhost:8080"),
            new("X-Custom", "kept"),
            new("Soldr-Request-Id", "spoofed"),
            new("soldr-attempt", "99"));

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded);
        var received = Assert.Single(receiver.Received);
        Assert.Equal("msg_provider_1", received.Headers["webhook-id"]);
        Assert.Equal("v1,abc", received.Headers["webhook-signature"]);
        Assert.Equal(work.RequestId.ToString(), received.Headers["Soldr-Request-Id"]);
        Assert.Equal("1", received.Headers["Soldr-Attempt"]);
        Assert.Equal("kept", received.Headers["X-Custom"]);
        Assert.NotEqual("shop.wh.localhost:8080", received.Headers["Host"]);
        Assert.False(received.Headers.ContainsKey("Connection"));
        Assert.Equal("/hook/orders?id=1", received.PathAndQuery);
        Assert.Equal(receiver.Url + "hook/orders?id=1", attempt.Url);
    }

    [Fact]
    public async Task TheUrlOnTheWire_IsExactlyTheOneBuilt_WithTheSendersBackslashesAndDotsKeptInsideTheirSegment()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url + "hook") with
        {
            Path = "/x/a\\b/..\\c/%2e",
            Query = "confirm=yes",
            Method = "DELETE",
        };

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal("DELETE /hook/x/a%5Cb/..%5Cc/%252e?confirm=yes HTTP/1.1", received.RequestLine);
        Assert.Equal(receiver.Url + "hook/x/a%5Cb/..%5Cc/%252e?confirm=yes", attempt.Url);
    }

    [Fact]
    public async Task AStoredHeaderValueWithALineBreak_IsRefused_AndNothingReachesTheWire()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url + "hook", new("X-Fine", "yes"), new("X-Evil", "a\r\nX-Injected: yes"));

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.Contains("stored header 2 (X-Evil)", attempt.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", attempt.Error.Message, StringComparison.Ordinal);
        Assert.Equal(receiver.Url + "hook/orders?id=1", attempt.Url);

        // A request that is sent reaches the receiver; the refused one never did.
        Assert.True((await Sender().SendAsync(Work(receiver.Url + "hook"), CancellationToken.None)).Succeeded);
        var only = Assert.Single(receiver.Received);
        Assert.Empty(only.Values("X-Injected"));
        Assert.Empty(only.Values("X-Evil"));
    }

    [Theory]
    [InlineData("X-Bad Name", "ok")]
    [InlineData("X-Nul", "a\0b")]
    [InlineData("X-Bell", "\u0007")]
    [InlineData("", "empty name")]
    public async Task AnyInvalidStoredHeader_IsRefusedWithoutEchoingItsValue(string name, string value)
    {
        await using var receiver = new RawHttpReceiver();

        var attempt = await Sender().SendAsync(Work(receiver.Url.ToString(), new("Accept", "*/*"), new(name, value)), CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.StartsWith("stored header 2 ", attempt.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task RepeatedHeaders_ArriveAsSeparateLines_InTheOrderTheyCameIn_ContentHeadersToo()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url.ToString(),
            new("X-Dup", "one"),
            new("Content-Type", "application/json"),
            new("X-Other", "x, y"),
            new("x-dup", "two"),
            new("Content-Type", "text/plain"),
            new("X-Dup", "three"),
            new("Accept", "a/b"),
            new("Accept", "c/d"));

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(["one", "two", "three"], received.Values("X-Dup"));
        Assert.Equal(["application/json", "text/plain"], received.Values("Content-Type"));
        Assert.Equal(["a/b", "c/d"], received.Values("Accept"));
        Assert.Equal(["x, y"], received.Values("X-Other"));
    }

    [Fact]
    public async Task NonAsciiHeaderValues_AreSentAsUtf8()
    {
        await using var receiver = new RawHttpReceiver();

        var attempt = await Sender().SendAsync(Work(receiver.Url.ToString(), KeyValuePair.Create("X-Name", "Zoë 日本 😀")), CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        Assert.Equal(["Zoë 日本 😀"], Assert.Single(receiver.Received).Values("X-Name"));
    }

    [Fact]
    public async Task ForwardingHeaders_AreSetBySoldr_AndNeverTakenFromTheSender()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url.ToString(),
            new("Host", "shop.wh.example.com:8443"),
            new("x-forwarded-for", "10.0.0.1"),
            new("X-FORWARDED-HOST", "evil.test"),
            new("X-Forwarded-Proto", "gopher"),
            new("X-Forwarded-Port", "1"),
            new("X-Forwarded-Prefix", "/admin"),
            new("Forwarded", "for=10.0.0.1;host=evil.test"),
            new("x-real-ip", "10.0.0.1")) with { SourceAddress = "2001:db8::7", Scheme = "https" };

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(["2001:db8::7"], received.Values("X-Forwarded-For"));
        Assert.Equal(["2001:db8::7"], received.Values("X-Real-IP"));
        Assert.Equal(["shop.wh.example.com:8443"], received.Values("X-Forwarded-Host"));
        Assert.Equal(["https"], received.Values("X-Forwarded-Proto"));
        Assert.Equal(["8443"], received.Values("X-Forwarded-Port"));
        Assert.Equal(["for=\"[2001:db8::7]\";host=\"shop.wh.example.com:8443\";proto=https"], received.Values("Forwarded"));
        Assert.Empty(received.Values("X-Forwarded-Prefix"));
    }

    [Fact]
    public async Task WithoutARecordedScheme_TheProtocolIsLeftOut_AndThePortComesFromTheHostOnly()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url.ToString(), KeyValuePair.Create("Host", "shop.wh.example.com")) with { SourceAddress = "::ffff:203.0.113.7", Scheme = null };
        var https = Work(receiver.Url.ToString(), KeyValuePair.Create("Host", "shop.wh.example.com")) with { SourceAddress = "not an address", Scheme = "https" };

        await Sender().SendAsync(work, CancellationToken.None);
        await Sender().SendAsync(https, CancellationToken.None);

        var (old, withScheme) = (receiver.Received.First(), receiver.Received.Last());
        Assert.Equal(["203.0.113.7"], old.Values("X-Forwarded-For"));
        Assert.Empty(old.Values("X-Forwarded-Proto"));
        Assert.Empty(old.Values("X-Forwarded-Port"));
        Assert.Equal(["for=203.0.113.7;host=shop.wh.example.com"], old.Values("Forwarded"));
        Assert.Equal(["443"], withScheme.Values("X-Forwarded-Port"));
        Assert.Empty(withScheme.Values("X-Forwarded-For"));
        Assert.Empty(withScheme.Values("X-Real-IP"));
        Assert.Equal(["host=shop.wh.example.com;proto=https"], withScheme.Values("Forwarded"));
    }

    [Fact]
    public async Task UserInfoInTheDestination_IsSentAsBasicAuthorization_NeverInTheUrlOrTheRecord()
    {
        await using var receiver = new RawHttpReceiver();
        var destination = $"http://hook-user:p%40ss@127.0.0.1:{receiver.Port}/hook";

        var attempt = await Sender().SendAsync(Work(destination, KeyValuePair.Create("Authorization", "Bearer sender's")), CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(["Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hook-user:p@ss"))], received.Values("Authorization"));
        Assert.Equal($"http://127.0.0.1:{receiver.Port}/hook/orders?id=1", attempt.Url);
        Assert.DoesNotContain("p%40ss", string.Join("\n", received.HeaderLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMethodTheDestinationDoesNotAccept_IsRefused_AndSaysWhich()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url.ToString()) with
        {
            Method = "DELETE",
            Policy = Policy() with { AllowedMethods = PutOrPost },
        };

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.Equal("the destination accepts only POST, PUT, not DELETE", attempt.Error!.Message);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task ForwardHeaders_PassesOnlyTheNamedSenderHeaders_AndSoldrsOwnStill()
    {
        await using var receiver = new RawHttpReceiver();
        var work = Work(receiver.Url.ToString(), new("X-Signature", "sig"), new("X-Secret-Internal", "no"), new("content-type", "text/plain")) with
        {
            Policy = Policy() with { ForwardHeaders = SignatureAndType },
        };

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(["sig"], received.Values("X-Signature"));
        Assert.Equal(["text/plain"], received.Values("Content-Type"));
        Assert.Empty(received.Values("X-Secret-Internal"));
        Assert.Equal([work.RequestId.ToString()], received.Values("webhook-id"));
        Assert.Equal(["203.0.113.7"], received.Values("X-Forwarded-For"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254/32 (built-in block 'metadata')")]
    [InlineData("http://[::ffff:169.254.169.254]/latest", "169.254.169.254 is in 169.254.169.254/32")]
    [InlineData("http://[fd00:ec2::254]/latest", "fd00:ec2::254/128 (built-in block 'metadata')")]
    [InlineData("http://0.0.0.0:9/", "(built-in block 'unspecified')")]
    [InlineData("http://224.0.0.1/", "(built-in block 'multicast')")]
    public async Task ABlockedLiteralAddress_IsRefusedWithoutAConnection(string destination, string reason)
    {
        var attempt = await Sender().SendAsync(Work(destination), CancellationToken.None);

        Assert.Equal(AttemptError.Refused, attempt.Error?.Kind);
        Assert.Contains(reason, attempt.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostThatResolvesIntoABlockedNetwork_IsRefused_AndTheMostSpecificRuleDecides()
    {
        await using var receiver = new RawHttpReceiver();
        var blocked = new DeliveryOptions();
        blocked.BlockedNetworks.Add("loopback");
        var reopened = new DeliveryOptions();
        reopened.BlockedNetworks.Add("loopback");
        reopened.AllowedNetworks.Add("127.0.0.1");
        var byName = Work($"http://localhost:{receiver.Port}/hook");

        var refused = await Sender(blocked).SendAsync(byName, CancellationToken.None);
        var allowed = await Sender(reopened).SendAsync(Work($"http://127.0.0.1:{receiver.Port}/hook"), CancellationToken.None);
        var stillBlocked = await Sender(reopened).SendAsync(Work($"http://127.0.0.2:{receiver.Port}/hook"), CancellationToken.None);

        Assert.Equal(AttemptError.Refused, refused.Error?.Kind);
        Assert.Contains("Soldr:Delivery:BlockedNetworks:0", refused.Error!.Message, StringComparison.Ordinal);
        Assert.True(allowed.Succeeded, allowed.Error?.Message);
        Assert.Equal(AttemptError.Refused, stillBlocked.Error?.Kind);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task ByDefault_LoopbackDestinationsAreAllowed()
    {
        await using var receiver = new RawHttpReceiver();

        var attempt = await Sender().SendAsync(Work($"http://localhost:{receiver.Port}/hook"), CancellationToken.None);

        Assert.True(attempt.Succeeded, attempt.Error?.Message);
    }

    [Fact]
    public async Task ARefusedConnection_IsRecordedAsAConnectError()
    {
        var closedPort = Soldr.AppHost.Hosting.Ports.GetFree();

        var attempt = await Sender().SendAsync(Work($"http://127.0.0.1:{closedPort}/"), CancellationToken.None);

        Assert.False(attempt.Succeeded);
        Assert.Null(attempt.StatusCode);
        Assert.Equal("connect", attempt.Error?.Kind);
        Assert.Contains("Connection refused", attempt.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANon2xxAnswer_IsAFailedAttemptWithItsResponseKept()
    {
        await using var receiver = await HttpReceiver.StartAsync(503);

        var attempt = await Sender().SendAsync(Work(receiver.Url.ToString()), CancellationToken.None);

        Assert.Equal(503, attempt.StatusCode);
        Assert.Equal("http", attempt.Error?.Kind);
        Assert.Equal("received", Encoding.UTF8.GetString(attempt.ResponseBody!));
    }

    [Fact]
    public async Task ResponseHeaders_AreKeptAsTheDestinationSentThem()
    {
        await using var receiver = await HttpReceiver.StartAsync(async (context, _) =>
        {
            context.Response.Headers.Server = "BaseHTTP/0.6 Python/3.11.7";
            await context.Response.WriteAsync("ok");
        });

        var attempt = await Sender().SendAsync(Work(receiver.Url.ToString()), CancellationToken.None);

        var server = Assert.Single(attempt.ResponseHeaders!, h => string.Equals(h.Key, "Server", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("BaseHTTP/0.6 Python/3.11.7", server.Value);
    }

    [Fact]
    public async Task ATlsFailure_IsRecordedWithTheCertificateErrorBehindIt()
    {
        await using var receiver = new SelfSignedTlsReceiver();

        var attempt = await Sender().SendAsync(Work($"https://127.0.0.1:{receiver.Port}/hook"), CancellationToken.None);

        Assert.Equal("tls", attempt.Error?.Kind);
        Assert.Equal(
            $"TLS handshake with 127.0.0.1:{receiver.Port} failed: the server's certificate is not trusted (UntrustedRoot); "
            + "and the server's certificate is not valid for the host name (name mismatch)",
            attempt.Error!.Message);
    }

    internal static DeliveryPolicy Policy() => DeliveryPolicy.Resolve(new DeliveryOptions(), new(), new());

    internal static DeliveryWork Work(string destination, params KeyValuePair<string, string>[] headers) =>
        new(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(2), 1, Guid.CreateVersion7(), "shop", DateTimeOffset.UtcNow, "POST", "/orders", "id=1",
            headers, "{}"u8.ToArray(), "203.0.113.7", null, null, 1, destination, Policy(), Revision: 0);

    /// <summary>The sender with the worker's own outbound clients: network checks, encoding, no proxy.</summary>
    internal static DeliverySender Sender(DeliveryOptions? delivery = null, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(delivery ?? new DeliveryOptions()));
        services.AddOutboundHttpClients();
        var provider = services.BuildServiceProvider();
        return new DeliverySender(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<DestinationUrls>(),
            provider.GetRequiredService<DestinationTlsClients>(),
            Options.Create(new WorkerOptions()),
            timeProvider ?? TimeProvider.System);
    }
}
