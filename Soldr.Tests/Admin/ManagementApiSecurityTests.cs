using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Soldr.Admin.Components;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>
/// The two ports, on the production pipeline, over every route the app lists: nothing on the API's port
/// answers without the secret, the API does not exist on the UI's port, and the UI not on the API's.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class ManagementApiSecurityTests(ServersFixture servers)
{
    private const string Wrong = "wrong-secret-that-is-long-enough-000000000";

    // So high that no test here runs into the limit: every refusal below must be the 401 itself.
    private static readonly Dictionary<string, string?> NoLimit = new() { ["Soldr:Admin:FailedAuthentication:MaxFailures"] = "1000000" };

    [Fact]
    public async Task EveryRouteOfTheApp_RefusesACallOnTheApiPort_WithoutTheSecretOrWithAWrongOne()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, NoLimit);
        var routes = AppRoutes.Of(admin);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = admin.ApiAddress };

        // The API, its document and reference page, the UI's pages, sign-in and live connection, health.
        Assert.True(routes.Count(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal)) >= 17, $"all API routes are listed: {routes.Count}");
        Assert.Contains(routes, r => r.Path == "/openapi/v1.json");
        Assert.Contains(routes, r => r.Pattern.StartsWith("/reference", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Path == "/signin");
        Assert.Contains(routes, r => r.Path == "/_blazor");
        Assert.Contains(routes, r => r.Path == "/health");
        foreach (var route in routes)
        {
            foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", Wrong), new("Basic", Basic(Wrong)), new("Bearer", "") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path)
                {
                    Content = route.Method is "GET" or "HEAD" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = authorization;
                using var response = await http.SendAsync(request);

                Assert.True(
                    response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{route} answered {(int)response.StatusCode} with {authorization?.Scheme ?? "no"} credentials");
                Assert.Contains("Bearer", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
            }
        }
    }

    [Fact]
    public async Task EveryApiRoute_Is404OnTheUiPort_EvenForASignedInOperator_AndEveryUiRoute_Is404OnTheApiPort()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, NoLimit);
        using var browser = new UiVisitor(admin);
        await browser.SignInAsync();
        var routes = AppRoutes.Of(admin);
        var apiRoutes = routes.Where(IsApiPorts).ToList();
        var uiRoutes = routes.Where(r => r.Has<UiEndpoint>()).ToList();
        using var api = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = admin.ApiAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminHost.Secret);

        Assert.True(apiRoutes.Count >= 19, $"the API, its document and reference page are listed: {apiRoutes.Count}");
        Assert.True(uiRoutes.Count >= 15, $"the UI's pages, live connection and assets are listed: {uiRoutes.Count}");
        foreach (var route in apiRoutes)
        {
            using var response = await browser.SendAsync(new HttpMethod(route.Method), route.Path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} answered {(int)response.StatusCode} on the UI port");
        }

        foreach (var route in uiRoutes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
            using var response = await api.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} answered {(int)response.StatusCode} on the API port");
        }
    }

    [Fact]
    public async Task TheOpenApiDocument_DeclaresTheBearerScheme_AndEveryOperationRequiresIt()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var http = admin.Http();

        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", operation.Value)))
            .ToList();
        Assert.True(operations.Count >= 17, $"every operation is described: {operations.Count}");
        Assert.Contains(operations, o => o.Name == "post /api/requests/{id}/resend");
        foreach (var (name, operation) in operations)
        {
            var requirements = operation.TryGetProperty("security", out var security) ? security.EnumerateArray().ToList() : [];
            Assert.True(
                requirements.Count == 1 && requirements[0].TryGetProperty("Bearer", out _),
                $"{name} does not require the bearer scheme");
        }
    }

    [Fact]
    public async Task TheReferencePage_OpensWithTheSecretAsBasicPassword_ButBasicNeverOpensAnApiRoute()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, NoLimit);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = admin.ApiAddress };
        var basic = new AuthenticationHeaderValue("Basic", Basic(AdminHost.Secret, user: "operator"));

        using var challenge = await http.GetAsync("/reference/");
        var page = await SendAsync(http, HttpMethod.Get, "/reference/", basic);
        var script = await SendAsync(http, HttpMethod.Get, "/reference/scalar.js", basic);
        var document = await SendAsync(http, HttpMethod.Get, "/openapi/v1.json", basic);
        var posted = await SendAsync(http, HttpMethod.Post, "/reference/", basic);
        var apiRoutes = AppRoutes.Of(admin).Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();

        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Contains(challenge.Headers.WwwAuthenticate, h => h.Scheme == "Basic" && h.Parameter!.Contains("realm=", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.OK, "text/html"), page);
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), script);
        Assert.Equal((HttpStatusCode.OK, "application/json"), document);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.Status);
        foreach (var route in apiRoutes)
        {
            var (status, _) = await SendAsync(http, new HttpMethod(route.Method), route.Path, basic);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{route} answered {(int)status} to Basic credentials with the right secret");
        }
    }

    [Fact]
    public async Task NoHostileAuthorizationHeader_OpensAnApiRoute_NorBringsTheSecretBackInTheAnswer()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, NoLimit);
        var routes = AppRoutes.Of(admin).Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        using var http = new HttpClient { BaseAddress = admin.ApiAddress };
        var random = new Random(4101);

        for (var i = 0; i < 400; i++)
        {
            var route = routes[random.Next(routes.Count)];
            var authorization = HostileAuthorization(random);
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path)
            {
                Content = route.Method is "GET" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            foreach (var value in authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", value);
            }

            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync() + string.Join("\n", response.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));

            Assert.True(
                response.StatusCode == HttpStatusCode.Unauthorized,
                $"{route} answered {(int)response.StatusCode} to Authorization: {string.Join(" | ", authorization)}");
            Assert.DoesNotContain(AdminHost.Secret, answer, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Near misses and wrong places for the secret: one character changed, cut short, run on, its case
    /// flipped, under another scheme, as HTTP Basic (which /api never takes), next to a wrong one.
    /// </summary>
    private static string[] HostileAuthorization(Random random)
    {
        var secret = AdminHost.Secret;
        var position = random.Next(1, secret.Length);
        var changed = secret[..position] + (char)(secret[position] == 'x' ? 'y' : 'x') + secret[(position + 1)..];
        return random.Next(12) switch
        {
            0 => [$"Bearer {changed}"],
            1 => [$"Bearer {secret[..position]}"],
            2 => [$"Bearer {secret}{(char)random.Next('!', '~')}"],
            3 => [$"Bearer {secret.ToUpperInvariant()}"],
            4 => [$"Basic {Basic(secret, user: "operator")}"],
            5 => [$"Basic {Basic(password: "x", user: secret)}"],
            6 => [$"{new[] { "Token", "Bearer:", "Bearer\t", "Digest", "" }[random.Next(5)]} {secret}"],
            7 => [secret],
            8 => [$"Bearer {Wrong}", $"Bearer {secret}"],
            9 => [$"Bearer {secret}, Bearer {Wrong}"],
            10 => [$"Bearer {secret[position..]}{secret[..position]}"],
            _ => [$"Bearer {new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(' ', '~')).ToArray())}"],
        };
    }

    private static bool IsApiPorts(AppRoute route) =>
        route.Has<Soldr.Admin.Security.ManagementApiEndpoint>()
        || route.Pattern.StartsWith("/api", StringComparison.Ordinal)
        || route.Pattern.StartsWith("/openapi", StringComparison.Ordinal);

    private static async Task<(HttpStatusCode Status, string? MediaType)> SendAsync(
        HttpClient http, HttpMethod method, string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    private static string Basic(string password, string user = "") => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
