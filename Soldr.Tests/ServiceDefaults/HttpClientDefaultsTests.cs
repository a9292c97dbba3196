using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Soldr.Tests.Infrastructure;
using Soldr.Worker.Alerts;
using Soldr.Worker.Delivery;
using Soldr.Worker.Extensions;

namespace Soldr.Tests.ServiceDefaults;

/// <summary>
/// The HttpClients a service gets from AddServiceDefaults (standard resilience, service discovery), and
/// the worker's outbound clients, which opt out of both.
/// </summary>
public sealed class HttpClientDefaultsTests
{
    public static TheoryData<string> OutboundClients => [DeliverySender.ClientName, WebhookAlertChannel.ClientName];

    [Fact]
    public async Task AnInternalCall_IsRetriedAfterA503()
    {
        await using var receiver = await HttpReceiver.StartAsync(503, 200);
        using var host = Build();

        using var response = await Clients(host).CreateClient().GetAsync(receiver.Url);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Theory]
    [MemberData(nameof(OutboundClients))]
    public async Task AnOutboundCall_IsSentOnce_WhenItIsAnswered503_BecauseTheWorkerDecidesAndRecordsRetries(string client)
    {
        await using var receiver = await HttpReceiver.StartAsync(503, 200);
        using var host = Build();

        using var response = await Clients(host).CreateClient(client).PostAsync(receiver.Url, new StringContent("x"));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task ServiceDiscovery_ResolvesALogicalAddress_FromTheServicesConfiguration()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        using var host = Build(new() { ["services:admin-api:http:0"] = receiver.Url.ToString() });
        var client = Clients(host).CreateClient();
        client.BaseAddress = new Uri("http://admin-api");

        using var response = await client.GetAsync(new Uri("/api/ping", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/api/ping", Assert.Single(receiver.Received).PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(OutboundClients))]
    public async Task AnOutboundCall_GoesWhereItsUrlPoints_EvenToAHostNamedLikeAService(string client)
    {
        await using var destination = await HttpReceiver.StartAsync(200);
        await using var service = await HttpReceiver.StartAsync(200);

        // A service that happens to share the destination's host name.
        using var host = Build(new() { [$"services:{destination.Url.Host}:http:0"] = service.Url.ToString() });
        var clients = Clients(host);

        using var direct = await clients.CreateClient(client).GetAsync(destination.Url);
        using var discovered = await clients.CreateClient().GetAsync(destination.Url);

        Assert.Single(destination.Received);
        Assert.Single(service.Received);
    }

    private static IHttpClientFactory Clients(IHost host) => host.Services.GetRequiredService<IHttpClientFactory>();

    private static IHost Build(Dictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Production",
            ContentRootPath = TestHosts.ContentRoot,
        });
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.AddServiceDefaults();
        builder.Services.AddOutboundHttpClients();
        return builder.Build();
    }
}
