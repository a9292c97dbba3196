using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Soldr.ServiceDefaults.Resilience;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.ServiceDefaults;

public sealed class ResiliencePipelineTests
{
    [Fact]
    public async Task AGet_IsRetriedAfterA503()
    {
        await using var receiver = await HttpReceiver.StartAsync(503, 503, 200);
        using var services = Services();

        using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient().GetAsync(receiver.Url);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task APost_IsNotRepeated_BecauseItMayHaveTakenEffect()
    {
        await using var receiver = await HttpReceiver.StartAsync(503, 200);
        using var services = Services();

        using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient().PostAsync(receiver.Url, new StringContent("x"));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task AClientThatOptedOut_GetsNoRetries()
    {
        await using var receiver = await HttpReceiver.StartAsync(503, 200);
        using var services = Services(s => s.AddHttpClient("delivery").WithoutDefaultResilience());

        using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient("delivery").GetAsync(receiver.Url);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task ServiceDiscovery_ResolvesALogicalBaseAddress()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        using var services = Services(configuration: new() { ["services:admin-api:http:0"] = receiver.Url.ToString() });
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri("http://admin-api");

        using var response = await client.GetAsync("/api/ping");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("/api/ping", Assert.Single(receiver.Received).PathAndQuery);
    }

    [Fact]
    public async Task AClientThatOptedOutOfServiceDiscovery_SendsWhereItsUrlPoints_EvenToAHostNamedLikeAService()
    {
        await using var destination = await HttpReceiver.StartAsync(200, 200);
        await using var service = await HttpReceiver.StartAsync(200);

        // A service that happens to share the destination's host name.
        using var services = Services(
            s => s.AddHttpClient("delivery").WithoutServiceDiscovery(),
            new() { [$"services:{destination.Url.Host}:http:0"] = service.Url.ToString() });
        var factory = services.GetRequiredService<IHttpClientFactory>();

        using var direct = await factory.CreateClient("delivery").GetAsync(destination.Url);
        using var discovered = await factory.CreateClient().GetAsync(destination.Url);

        Assert.Single(destination.Received);
        Assert.Single(service.Received);
    }

    private static ServiceProvider Services(Action<IServiceCollection>? configure = null, Dictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HttpClientDefaults:Resilience:BaseDelay"] = "00:00:00.010" })
            .AddInMemoryCollection(configuration ?? [])
            .Build());
        services.AddHttpClientDefaults();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
