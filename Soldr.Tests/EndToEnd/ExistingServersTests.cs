using System.Net;
using Soldr.AppHost.Testing;
using Soldr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Soldr.Tests.EndToEnd;

/// <summary>The stack pointed at PostgreSQL and Redis servers it does not own, through connection strings.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class ExistingServersTests(ServersFixture servers, ITestOutputHelper testOutput) : IDisposable
{
    private readonly TestOutputWriter _output = new(testOutput);
    private readonly TempFolder _data = new();

    [Fact]
    public async Task GivenConnectionStrings_TheStackUsesThoseServers_AndStartsNoneOfItsOwn()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        var database = await servers.CreateDatabaseAsync(migrated: false);

        await using var app = await DistributedApplicationTestingBuilder.StartAsync<Projects.Soldr_AppHost>(
            [
                "--data-dir", _data.Path,
                "--ingest-port", "0", "--ui-port", "0", "--api-port", "0",
                "--ConnectionStrings:soldr", database,
                "--ConnectionStrings:redis", servers.RedisConnectionString,
                $"--Soldr:Webhooks:shop:Destinations:0:Url={receiver.Url}",
            ],
            _output,
            TimeSpan.FromMinutes(3));

        Assert.Null(app.Running.GetProcessId("postgres"));
        Assert.Null(app.Running.GetProcessId("redis"));
        Assert.Equal(database, app.Running.GetConnectionString("soldr"));
        using var ingest = new HttpClient { BaseAddress = app.Running.GetEndpoint("ingest") };
        using var accepted = await ingest.PostAsync("/w/shop/paid", new StringContent("{\"paid\":true}"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.UntilAsync(() => receiver.Received.Any(r => r.BodyText == "{\"paid\":true}"), "the delivery");
    }

    public void Dispose()
    {
        _output.Dispose();
        _data.Dispose();
    }
}
