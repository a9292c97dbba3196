using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class UnknownWebhookTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task ByDefault_ARequestForAnUnknownName_IsSavedAndAnsweredLikeOneForAKnownWebhook()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Webhooks:known:Destinations:0:Url"] = "http://127.0.0.1:9/" });

        using var known = await ingest.Client.PostAsync("/w/known/x", new StringContent("{}"));
        using var unknown = await ingest.Client.PostAsync("/w/nobody-made-this/x", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Contains(await SavedRequests.ReceiptAsync(unknown), await SavedRequests.IdsAsync(database));
    }

    [Fact]
    public async Task WithReject_AnUnknownNameIsAnswered404NamingIt_WhileWebhooksAreSaved_AndANewWebhookIsAdmittedAfterTheNextRefresh()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Ingest:UnknownWebhooks"] = "Reject",
            ["Soldr:Ingest:WebhookSettingsRefresh"] = "00:00:00.200",
            ["Soldr:Webhooks:known:Destinations:0:Url"] = "http://127.0.0.1:9/",
        });
        using var metrics = new IngestMetricsProbe(ingest);

        using var known = await ingest.Client.PostAsync("/w/known/x", new StringContent("{}"));
        using var unknown = await ingest.Client.PostAsync("/w/made-later/x", new StringContent("{}"));
        using var unknownByHost = new HttpRequestMessage(HttpMethod.Post, "/x") { Content = new StringContent("{}") };
        unknownByHost.Headers.Host = "made-later.wh.localhost";
        using var byHost = await ingest.Client.SendAsync(unknownByHost);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        foreach (var refused in (HttpResponseMessage[])[unknown, byHost])
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("'made-later'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal([await SavedRequests.ReceiptAsync(known)], await SavedRequests.IdsAsync(database));
        Assert.Equal(2, metrics["rejected"]);

        await using (var dataSource = NpgsqlDataSource.Create(database))
        await using (var create = dataSource.CreateCommand("INSERT INTO webhooks (name) VALUES ('made-later')"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await Eventually.UntilAsync(async () =>
        {
            using var retry = await ingest.Client.PostAsync("/w/made-later/x", new StringContent("{}"));
            return retry.StatusCode == HttpStatusCode.Accepted;
        }, "the new webhook to be admitted");
        Assert.Equal(2, (await SavedRequests.IdsAsync(database)).Count);
    }

    [Fact]
    public async Task AnUnknownWebhooksSettingThatIsNeitherSaveNorReject_StopsTheStart_NamingTheKey()
    {
        var database = await servers.CreateDatabaseAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Ingest:UnknownWebhooks"] = "Ignore" }));

        Assert.Contains("Soldr:Ingest:UnknownWebhooks", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownWebhooksSettingGivenAsANumberOutsideTheChoices_StopsTheStart_NamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => IngestHost.StartAsync(
            "Host=127.0.0.1;Username=u;Password=p;Database=d", servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Ingest:UnknownWebhooks"] = "7" }));

        Assert.Contains("Soldr:Ingest:UnknownWebhooks must be Save or Reject", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _spool.Dispose();
}
