using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>Ingest verifies each request as its webhook says, before anything is saved or acknowledged.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class VerificationAtIngestTests(ServersFixture servers) : IDisposable
{
    private const string StripeSecret = "whsec_test_stripe_secret";
    private readonly TempFolder _spool = new();

    [Fact]
    public async Task AStripeSignatureMadeAsStripeDocumentsIt_IsSaved_AndAWrongOneIsAnswered401AndNotSaved()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, Stripe("reject"));
        using var metrics = new IngestMetricsProbe(ingest);
        const string body = """{"id":"evt_1","type":"charge.succeeded"}""";

        using var good = await SendAsync(ingest, body, StripeHeader(StripeSecret, body, DateTimeOffset.UtcNow));
        using var wrongSecret = await SendAsync(ingest, body, StripeHeader("whsec_someone_else", body, DateTimeOffset.UtcNow));
        using var stale = await SendAsync(ingest, body, StripeHeader(StripeSecret, body, DateTimeOffset.UtcNow.AddMinutes(-10)));
        using var unsigned = await SendAsync(ingest, body, null);

        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { wrongSecret, stale, unsigned }.Select(r => r.StatusCode));
        var problem = await wrongSecret.Content.ReadAsStringAsync();
        Assert.Contains("Verification failed", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(StripeSecret, problem, StringComparison.Ordinal);

        var id = await SavedRequests.ReceiptAsync(good);
        Assert.Equal([id], await SavedRequests.IdsAsync(database));
        await using var dataSource = NpgsqlDataSource.Create(database);
        Assert.Equal(
            ("routed", "stripe", true),
            await Single(dataSource, id, r => (r.GetString(0), r.GetString(1), r.GetBoolean(2))));
        Assert.Equal(3, metrics.Total("soldr.ingest.verification.failures"));
        Assert.Equal(3, metrics["rejected"]);
    }

    [Fact]
    public async Task WithFlag_AFailedRequestIsSavedUnverified_WithNoDeliveries_AndItsRepeatIsNotTakenForADuplicate()
    {
        var database = await servers.CreateDatabaseAsync();
        var settings = Stripe("flag");
        settings["Soldr:Webhooks:stripe:Deduplication:JsonPath"] = "$.id";
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, settings);
        const string body = """{"id":"evt_2"}""";

        // A forged request arrives first; the real one, with the same event id, must still be delivered.
        using var forged = await SendAsync(ingest, body, StripeHeader("whsec_forger", body, DateTimeOffset.UtcNow));
        using var real = await SendAsync(ingest, body, StripeHeader(StripeSecret, body, DateTimeOffset.UtcNow));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (forged.StatusCode, real.StatusCode));
        var forgedId = await SavedRequests.ReceiptAsync(forged);
        var realId = await SavedRequests.ReceiptAsync(real);
        Assert.NotEqual(forgedId, realId);
        await using var dataSource = NpgsqlDataSource.Create(database);
        Assert.Equal(("unverified", "stripe", false), await Single(dataSource, forgedId, r => (r.GetString(0), r.GetString(1), r.GetBoolean(2))));
        Assert.Equal(("routed", "stripe", true), await Single(dataSource, realId, r => (r.GetString(0), r.GetString(1), r.GetBoolean(2))));
        Assert.Equal(
            [realId],
            await TestData.RowsAsync(dataSource, "SELECT request_id FROM deliveries", r => r.GetGuid(0)));
    }

    [Fact]
    public async Task AllowedNetworks_RefuseOtherSources_WhateverTheKind()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Webhooks:inside:Verification:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Soldr:Webhooks:inside:Destinations:0:Url"] = "http://127.0.0.1:9/",
            ["Soldr:Webhooks:outside:Verification:AllowedNetworks:0"] = "192.0.2.0/24",
            ["Soldr:Webhooks:outside:Destinations:0:Url"] = "http://127.0.0.1:9/",
        });

        using var inside = await ingest.Client.PostAsync("/w/inside/", new StringContent("{}"));
        using var outside = await ingest.Client.PostAsync("/w/outside/", new StringContent("{}"));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Unauthorized), (inside.StatusCode, outside.StatusCode));
        Assert.Single(await SavedRequests.IdsAsync(database));
    }

    [Fact]
    public async Task ABearerTokenThatAuthenticatesToSoldr_IsVerified_AndNotKeptWithTheRequest()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path, new Dictionary<string, string?>
        {
            ["Soldr:Webhooks:internal:Verification:Kind"] = "bearer",
            ["Soldr:Webhooks:internal:Verification:Secret"] = "token-for-soldr-only",
            ["Soldr:Webhooks:internal:Destinations:0:Url"] = "http://127.0.0.1:9/",
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/internal/") { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer token-for-soldr-only");
        request.Headers.TryAddWithoutValidation("X-Kept", "yes");
        using var answer = await ingest.Client.SendAsync(request);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/w/internal/") { Content = new StringContent("{}") };
        wrong.Headers.TryAddWithoutValidation("Authorization", "Bearer guess");
        using var refused = await ingest.Client.SendAsync(wrong);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Unauthorized), (answer.StatusCode, refused.StatusCode));
        await using var dataSource = NpgsqlDataSource.Create(database);
        var headers = await TestData.ScalarAsync<string>(dataSource, "SELECT headers::text FROM requests");
        Assert.DoesNotContain("token-for-soldr-only", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Kept", headers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebhookWhoseStoredSettingsCannotBeRead_IsAnswered503_NotTakenUnchecked()
    {
        var database = await servers.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(database))
        {
            // As if edited by hand: a kind no check knows.
            await TestData.DeclareAsync(dataSource, "broken", """{"verification":{"kind":"paypal","secret":"x"}}""", ("http://127.0.0.1:9/", "{}"));
        }

        await using var ingest = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path);
        using var answer = await ingest.Client.PostAsync("/w/broken/", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("Webhook misconfigured", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(answer.Headers.RetryAfter);
        Assert.Empty(await SavedRequests.IdsAsync(database));
    }

    public void Dispose() => _spool.Dispose();

    internal static string StripeHeader(string secret, string body, DateTimeOffset at)
    {
        // Stripe: HMAC-SHA256 keyed with the endpoint secret over "{t}.{payload}", sent as t=...,v1=<hex>.
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(signature)}";
    }

    private static Dictionary<string, string?> Stripe(string onFailure) => new()
    {
        ["Soldr:Webhooks:stripe:Verification:Kind"] = "stripe",
        ["Soldr:Webhooks:stripe:Verification:Secret"] = StripeSecret,
        ["Soldr:Webhooks:stripe:Verification:OnFailure"] = onFailure,
        ["Soldr:Webhooks:stripe:Destinations:0:Url"] = "http://127.0.0.1:9/",
    };

    private static async Task<HttpResponseMessage> SendAsync(IngestHost ingest, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/stripe/") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return await ingest.Client.SendAsync(request);
    }

    private static async Task<T> Single<T>(NpgsqlDataSource dataSource, Guid id, Func<NpgsqlDataReader, T> read) =>
        Assert.Single(await TestData.RowsAsync(
            dataSource, $"SELECT state, verification, verified FROM requests WHERE id = '{id}'", read));
}
