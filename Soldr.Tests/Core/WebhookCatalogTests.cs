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

    [Fact]
    public void ABadVerificationDeduplicationOrSigning_NamesTheExactKey_AndNeverTheSecret()
    {
        var options = new WebhookCatalogOptions();
        var shop = Webhook("https://user:pass@hooks.test/");
        shop.Verification = new Soldr.Client.Contracts.VerificationSettings { Kind = "stripe" };
        shop.Deduplication = new Soldr.Client.Contracts.DeduplicationSettings { JsonPath = "id[" };
        shop.Destinations[0].Signing = new Soldr.Client.Contracts.SigningSettings { Secret = "whsec_tooshort" };
        shop.Destinations[0].BasicAuth = new Soldr.Client.Contracts.BasicAuthSettings { Username = "u", Password = "p4ssw0rd-value" };
        options.Webhooks["shop"] = shop;

        var result = new WebhookCatalogValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Soldr:Webhooks:shop:Verification:Secret ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Soldr:Webhooks:shop:Deduplication:JsonPath ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Soldr:Webhooks:shop:Destinations:0:Signing:Secret ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Soldr:Webhooks:shop:Destinations:0:BasicAuth", StringComparison.Ordinal));
        Assert.All(result.Failures!, f => Assert.DoesNotContain("p4ssw0rd-value", f, StringComparison.Ordinal));
        Assert.All(result.Failures!, f => Assert.DoesNotContain("whsec_tooshort", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADestinationThatTurnsSigningOnWithoutASecret_GetsOneGenerated_AndKeepsItOnTheNextStart()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync());
        var options = new WebhookCatalogOptions();
        var webhook = Webhook("http://a.test/hook");
        webhook.Destinations[0].Signing = new Soldr.Client.Contracts.SigningSettings { Enabled = true };
        options.Webhooks["orders"] = webhook;

        await Seeder(dataSource, options).SeedAsync(CancellationToken.None);
        var first = await SecretAsync(dataSource);
        webhook.Destinations[0].Signing = new Soldr.Client.Contracts.SigningSettings { Enabled = true };
        await Seeder(dataSource, options).SeedAsync(CancellationToken.None);

        Assert.NotNull(Soldr.Core.Signing.StandardWebhookSecret.TryReadKey(first));
        Assert.Equal(first, await SecretAsync(dataSource));
    }

    private static async Task<string?> SecretAsync(NpgsqlDataSource dataSource) =>
        SettingsJson.Deserialize<Soldr.Client.Contracts.DestinationSettings>(
            await TestData.ScalarAsync<string>(dataSource, "SELECT settings::text FROM destinations")).Signing?.Secret;

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
