using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Core;

[Collection(ServersCollectionDefinition.Name)]
public sealed class WebhookCatalogTests(ServersFixture servers)
{
    [Fact]
    public async Task DeclaredWebhooks_AreUpserted_AndSeedingTwiceChangesNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var options = new WebhookCatalogOptions();
        options.Webhooks["Acme-Orders"] = Webhook("http://a.test/hook", "http://b.test/hook");

        await Seeder(dataSource, options).SeedAsync(CancellationToken.None);
        await Seeder(dataSource, options).SeedAsync(CancellationToken.None);

        await using var command = dataSource.CreateCommand("""
            SELECT w.name, d.url FROM webhooks w JOIN destinations d ON d.webhook_id = w.id ORDER BY d.url
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        Assert.Equal([("acme-orders", "http://a.test/hook"), ("acme-orders", "http://b.test/hook")], rows);
    }

    [Fact]
    public void ABadDeclaration_NamesTheExactKey()
    {
        var options = new WebhookCatalogOptions();
        options.Webhooks["shop"] = Webhook("ftp://files.test/");
        options.Webhooks["bad_name!"] = Webhook("http://ok.test/");

        var result = new WebhookCatalogValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Soldr:Webhooks:shop:Destinations:0:Url must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Soldr:Webhooks:bad_name!: 'bad_name!' is not a valid webhook name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("acme-orders-239dsx", true)]
    [InlineData("a", true)]
    [InlineData("-acme", false)]
    [InlineData("acme-", false)]
    [InlineData("Acme", false)]
    [InlineData("acme.orders", false)]
    public void WebhookNames_FollowDnsLabelRules(string name, bool valid) => Assert.Equal(valid, WebhookName.IsValid(name));

    private static WebhookDefinition Webhook(params string[] urls)
    {
        var webhook = new WebhookDefinition();
        webhook.Destinations.AddRange(urls.Select(url => new DestinationDefinition { Url = url }));
        return webhook;
    }

    private static WebhookCatalogSeeder Seeder(NpgsqlDataSource dataSource, WebhookCatalogOptions options) =>
        new(dataSource, Options.Create(options), NullLogger<WebhookCatalogSeeder>.Instance);
}
