using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

[Collection(ServersCollectionDefinition.Name)]
public sealed class UiLiveConnectionTests(ServersFixture servers)
{
    // The UI's live connection accepts messages far larger than SignalR's default (pages hand their
    // prerendered data over through it), which is only safe while it serves signed-in operators alone.
    [Fact]
    public async Task TheUisLiveConnection_RefusesAnyoneNotSignedIn()
    {
        await using var admin = await AdminHost.StartWithUiAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString, _ => { });
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = admin.OtherAddress };

        using var negotiate = await anonymous.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        using var connect = await anonymous.GetAsync("/_blazor");

        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, connect.StatusCode);
    }
}
