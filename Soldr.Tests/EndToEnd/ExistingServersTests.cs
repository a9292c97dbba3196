using System.Net;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.EndToEnd;

/// <summary>The stack pointed at PostgreSQL and Redis servers it does not own, through connection strings.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class ExistingServersTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task GivenConnectionStrings_TheStackUsesThoseServers_AndStartsNoneOfItsOwn()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        var database = await servers.CreateDatabaseAsync(migrated: false);

        await using var app = await SoldrApp.StartAsync(
            _data.Path,
            [
                "--ConnectionStrings:soldr", database,
                "--ConnectionStrings:redis", servers.RedisConnectionString,
                $"--Soldr:Webhooks:shop:Destinations:0:Url={receiver.Url}",
            ]);

        Assert.False(app.Declares("postgres"), "no PostgreSQL server of its own");
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "redis")), "no Redis server of its own");
        Assert.Equal(database, await app.ConnectionStringAsync("soldr"));
        using var ingest = new HttpClient { BaseAddress = app.Endpoint("ingest") };
        using var accepted = await ingest.PostAsync("/w/shop/paid", new StringContent("{\"paid\":true}"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.UntilAsync(() => receiver.Received.Any(r => r.BodyText == "{\"paid\":true}"), "the delivery");
    }

    public void Dispose() => _data.Dispose();
}
