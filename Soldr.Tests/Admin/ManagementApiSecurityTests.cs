using System.Net;
using Microsoft.AspNetCore.Routing;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

[Collection(ServersCollectionDefinition.Name)]
public sealed class ManagementApiSecurityTests(ServersFixture servers)
{
    [Fact]
    public async Task EveryManagementRoute_AndTheOpenApiDocument_Answer401_WithoutTheSecretOrWithAWrongOne()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        var routes = admin.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/api", StringComparison.Ordinal) || p.StartsWith("/openapi", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: Concrete(e.RoutePattern.RawText!))))
            .ToList();

        Assert.True(routes.Count >= 17, $"all management routes are enumerated, found {routes.Count}");
        Assert.Contains(routes, r => r.Path == "/openapi/v1.json");
        using var anonymous = admin.Http(secret: null);
        using var wrong = admin.Http("wrong-secret-that-is-long-enough-000000000");
        foreach (var (method, path) in routes)
        {
            foreach (var http in new[] { anonymous, wrong })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without the right secret");
            }
        }

        // With the secret the document is served; on the other port it is not there at all.
        using var authorized = admin.Http();
        var document = await authorized.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/requests/{id}/resend", document, StringComparison.Ordinal);
        using var other = new HttpClient { BaseAddress = admin.OtherAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/webhooks")).StatusCode);
    }

    private static string Concrete(string pattern) => System.Text.RegularExpressions.Regex.Replace(
        pattern, @"\{(?<name>[a-zA-Z]+)(:[a-z]+)?\}",
        m => m.Groups["name"].Value switch
        {
            "id" => Guid.NewGuid().ToString(),
            "documentName" => "v1",
            "state" => "enqueued",
            _ => "purge",
        });
}
