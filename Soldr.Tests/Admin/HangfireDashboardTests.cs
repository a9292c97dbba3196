using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>The Hangfire dashboard is the UI's: its port, its sign-in, and nowhere else.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class HangfireDashboardTests(ServersFixture servers)
{
    [Fact]
    public async Task TheDashboard_SendsABrowserWithoutASessionToSignIn_RefusesItsScripts_AndOpensForASession()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var anonymous = admin.Ui();
        using var signedIn = new UiVisitor(admin);
        await signedIn.SignInAsync();

        using var page = await anonymous.GetAsync("/hangfire");
        using var stats = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats")
        {
            Headers = { { "X-Requested-With", "XMLHttpRequest" } },
        });
        using var recurring = await signedIn.GetAsync("/hangfire/recurring");
        var html = await recurring.Content.ReadAsStringAsync();

        Assert.True(UiVisitor.SentToSignIn(page), $"no session: {(int)page.StatusCode}");
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
        Assert.Contains("Soldr jobs", html, StringComparison.Ordinal);
        // The storage's description would name the database server.
        Assert.DoesNotContain("Host:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDashboard_IsNotOnTheApiPort_EvenWithTheSecret()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var api = admin.Http();

        foreach (var path in (string[])["/hangfire", "/hangfire/recurring", "/hangfire/stats"])
        {
            using var response = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
