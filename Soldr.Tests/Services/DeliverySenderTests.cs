using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Tests.Infrastructure;
using Soldr.Worker;
using Soldr.Worker.Delivery;

namespace Soldr.Tests.Services;

public sealed class DeliverySenderTests
{
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
            new("Soldr-Request-Id", "spoofed"));

        var attempt = await Sender().SendAsync(work, CancellationToken.None);

        Assert.True(attempt.Succeeded);
        var received = Assert.Single(receiver.Received);
        Assert.Equal("msg_provider_1", received.Headers["webhook-id"]);
        Assert.Equal("v1,abc", received.Headers["webhook-signature"]);
        Assert.Equal(work.RequestId.ToString(), received.Headers["Soldr-Request-Id"]);
        Assert.Equal("kept", received.Headers["X-Custom"]);
        Assert.NotEqual("shop.wh.localhost:8080", received.Headers["Host"]);
        Assert.False(received.Headers.ContainsKey("Connection"));
        Assert.Equal("/hook/orders?id=1", received.PathAndQuery);
    }

    [Fact]
    public async Task ARefusedConnection_IsRecordedAsAConnectError()
    {
        var closedPort = Soldr.AppHost.Orchestration.Ports.GetFree();

        var attempt = await Sender().SendAsync(Work($"http://127.0.0.1:{closedPort}/"), CancellationToken.None);

        Assert.False(attempt.Succeeded);
        Assert.Null(attempt.StatusCode);
        Assert.Equal("connect", attempt.Error?.Kind);
    }

    [Fact]
    public async Task ANon2xxAnswer_IsAFailedAttemptWithItsResponseKept()
    {
        await using var receiver = await HttpReceiver.StartAsync(503);

        var attempt = await Sender().SendAsync(Work(receiver.Url.ToString()), CancellationToken.None);

        Assert.Equal(503, attempt.StatusCode);
        Assert.Equal("http", attempt.Error?.Kind);
        Assert.Equal("received", System.Text.Encoding.UTF8.GetString(attempt.ResponseBody!));
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

    private static DeliveryWork Work(string destination, params KeyValuePair<string, string>[] headers) =>
        new(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(2), 1, Guid.CreateVersion7(), "shop", DateTimeOffset.UtcNow, "POST", "/orders", "id=1",
            headers, "{}"u8.ToArray(), "203.0.113.7", null, null, 1, destination,
            DeliveryPolicy.Resolve(new DeliveryOptions(), new(), new()), Revision: 0);

    private static DeliverySender Sender()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(DeliverySender.ClientName);
        return new DeliverySender(
            services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
            Options.Create(new WorkerOptions()),
            TimeProvider.System);
    }
}
