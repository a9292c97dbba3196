using Microsoft.Extensions.Configuration;
using Soldr.ServiceDefaults.Discovery;

namespace Soldr.Tests.ServiceDefaults;

public sealed class ServiceEndpointResolverTests
{
    private static readonly ServiceEndpointResolver Resolver = new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["services:admin-api:http:0"] = "http://127.0.0.1:8443",
        ["services:admin:ui:0"] = "http://localhost:8081",
        ["services:secure:https:0"] = "https://10.0.0.5:7443",
        ["services:secure:http:0"] = "http://10.0.0.5:7080",
    }).Build());

    [Fact]
    public void ALogicalHost_ResolvesThroughTheServicesKeys_KeepingPathAndQuery()
    {
        Assert.Equal(new Uri("http://127.0.0.1:8443/api/requests?limit=5"), Resolver.Resolve(new Uri("http://admin-api/api/requests?limit=5")));
    }

    [Fact]
    public void ANamedEndpoint_IsChosenWithAnUnderscorePrefix()
    {
        Assert.Equal(new Uri("http://localhost:8081/"), Resolver.Resolve(new Uri("http://_ui.admin/")));
    }

    [Fact]
    public void HttpsPlusHttp_PrefersHttps()
    {
        Assert.Equal(new Uri("https://10.0.0.5:7443/x"), Resolver.Resolve(new Uri("https+http://secure/x")));
    }

    [Fact]
    public void AnUnknownHost_IsLeftToDns()
    {
        Assert.Null(Resolver.Resolve(new Uri("http://example.com/")));
    }
}
