using System.Net;
using Npgsql;
using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Core.Requests;
using Soldr.Core.Signing;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>Verification and signing secrets through the management API: set, never shown back, kept, rotated.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class TrustSettingsApiTests(ServersFixture servers)
{
    private const string ProviderSecret = "whsec_provider-secret-value";
    private const string HeaderValue = "Bearer static-token-value";
    private const string Password = "basic-password-value";

    [Fact]
    public async Task SecretsAreNeverShownBack_AWebhookWrittenBackAsReadKeepsThem_AndTheAuditLogHasNone()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();

        var created = await api.CreateWebhookAsync(new WebhookInput(
            "stripe",
            Settings: new WebhookSettings
            {
                Verification = new VerificationSettings { Kind = "stripe", Secret = ProviderSecret },
                Deduplication = new DeduplicationSettings { JsonPath = "$.id" },
            },
            Destinations: [new DestinationInput("http://a.test/hook", Settings: new DestinationSettings
            {
                Headers = new() { ["Authorization"] = HeaderValue },
                BasicAuth = null,
                Signing = new SigningSettings { Enabled = true },
            })]));

        // The generated signing secret is in this answer, once; the settings show every secret as ***.
        var generated = Assert.Single(created.NewSigningSecrets!);
        Assert.NotNull(StandardWebhookSecret.TryReadKey(generated.Secret));
        Assert.Equal(created.Destinations[0].Id, generated.DestinationId);
        Assert.Equal("***", created.Settings.Verification!.Secret);
        Assert.Equal("***", created.Destinations[0].Settings.Headers!["Authorization"]);
        Assert.Equal("***", created.Destinations[0].Settings.Signing!.Secret);

        var read = await api.GetWebhookAsync("stripe");
        Assert.Null(read.NewSigningSecrets);
        var rewritten = await api.UpdateWebhookAsync("stripe", new WebhookInput(
            "stripe", read.Enabled, read.Settings, [.. read.Destinations.Select(d => new DestinationInput(d.Url, d.Enabled, d.Settings))]));
        Assert.Null(rewritten.NewSigningSecrets);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var stored = await TestData.ScalarAsync<string>(dataSource, "SELECT settings::text FROM webhooks WHERE name = 'stripe'");
        Assert.Equal(ProviderSecret, SettingsJson.Deserialize<WebhookSettings>(stored).Verification!.Secret);
        var destination = SettingsJson.Deserialize<DestinationSettings>(
            await TestData.ScalarAsync<string>(dataSource, "SELECT settings::text FROM destinations"));
        Assert.Equal(HeaderValue, destination.Headers!["Authorization"]);
        Assert.Equal(generated.Secret, destination.Signing!.Secret);

        var audit = await TestData.RowsAsync(dataSource, "SELECT coalesce(before::text, '') || coalesce(after::text, '') || coalesce(detail, '') FROM audit_log", r => r.GetString(0));
        Assert.All(audit, entry =>
        {
            Assert.DoesNotContain(ProviderSecret, entry, StringComparison.Ordinal);
            Assert.DoesNotContain(HeaderValue, entry, StringComparison.Ordinal);
            Assert.DoesNotContain(generated.Secret, entry, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AMarkerThatStandsForNothingStored_AndABadSecret_AreRefusedNamingTheField()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        var api = admin.Client();

        var marker = await Assert.ThrowsAsync<SoldrApiException>(() => api.CreateWebhookAsync(new WebhookInput(
            "a", Settings: new WebhookSettings { Verification = new VerificationSettings { Kind = "github", Secret = "***" } })));
        var badSigning = await Assert.ThrowsAsync<SoldrApiException>(() => api.CreateWebhookAsync(new WebhookInput(
            "b",
            Destinations: [new DestinationInput("http://a.test/", Settings: new DestinationSettings { Signing = new SigningSettings { Secret = "not-a-secret" } })])));
        var badPassword = await Assert.ThrowsAsync<SoldrApiException>(() => api.CreateWebhookAsync(new WebhookInput(
            "c",
            Destinations: [new DestinationInput("http://a.test/", Settings: new DestinationSettings
            {
                BasicAuth = new BasicAuthSettings { Username = "u", Password = "***" },
            })])));

        Assert.Equal(HttpStatusCode.BadRequest, marker.Status);
        Assert.Contains("settings.verification.secret", marker.Errors.Keys);
        Assert.Contains("destinations[0].settings.signing.secret", badSigning.Errors.Keys);
        Assert.DoesNotContain("not-a-secret", string.Join(' ', badSigning.Errors.Values.SelectMany(m => m)), StringComparison.Ordinal);
        Assert.Contains("destinations[0].settings.basicAuth.password", badPassword.Errors.Keys);
    }

    [Fact]
    public async Task RotatingASigningSecret_ShowsTheNewOneOnce_AndKeepsTheOldOneSigningForTheOverlap()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var created = await api.CreateWebhookAsync(new WebhookInput("shop", Destinations: [new DestinationInput("http://a.test/")]));
        var id = created.Destinations[0].Id;

        var first = await api.RotateSigningSecretAsync("shop", id, new SigningRotation());
        var second = await api.RotateSigningSecretAsync("shop", id, new SigningRotation(Overlap: TimeSpan.FromHours(2)));
        var unknown = await Assert.ThrowsAsync<SoldrApiException>(() => api.RotateSigningSecretAsync("shop", id + 100, new SigningRotation()));
        var bad = await Assert.ThrowsAsync<SoldrApiException>(() => api.RotateSigningSecretAsync("shop", id, new SigningRotation("whsec_short")));

        Assert.Null(first.PreviousExpiresAt);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.InRange(second.PreviousExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(1.9), DateTimeOffset.UtcNow.AddHours(2.1));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(["secret"], bad.Errors.Keys);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var signing = SettingsJson.Deserialize<DestinationSettings>(
            await TestData.ScalarAsync<string>(dataSource, "SELECT settings::text FROM destinations")).Signing!;
        Assert.Equal((second.Secret, first.Secret, true), (signing.Secret, signing.PreviousSecret, signing.Enabled));
        var view = await api.GetWebhookAsync("shop");
        Assert.Equal(("***", "***"), (view.Destinations[0].Settings.Signing!.Secret, view.Destinations[0].Settings.Signing!.PreviousSecret));
        var audit = (await api.ListAuditAsync()).Items;
        Assert.Equal("destination.signing-secret-rotated", audit[0].Action);
        Assert.DoesNotContain(second.Secret, audit[0].Detail ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnverifiedRequest_ShowsWhyItFailed_AndIsRoutedOnlyOnceReleased()
    {
        var connectionString = await servers.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await TestData.DeclareAsync(dataSource, "stripe", "{}", ("http://a.test/", "{}"));
        await using var admin = await AdminHost.StartAsync(connectionString, servers.RedisConnectionString);
        var api = admin.Client();
        var request = TestData.Incoming("stripe") with { Verification = new VerificationOutcome("stripe", false, "signature does not match") };
        await new RequestStore(dataSource).SaveBatchAsync([request], CancellationToken.None);

        var held = await api.GetRequestAsync(request.Id);
        var listed = await api.ListRequestsAsync(new RequestFilter(Outcome: "unverified"));
        var released = await api.ReleaseAsync(request.Id);
        var again = await Assert.ThrowsAsync<SoldrApiException>(() => api.ReleaseAsync(request.Id));

        Assert.Equal(("unverified", 0), (held.Outcome, held.Deliveries.Count));
        Assert.Equal(new VerificationView("stripe", false, "signature does not match"), held.Verification);
        Assert.Equal([request.Id], listed.Items.Select(r => r.Id));
        Assert.Equal("received", released.State);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var routed = await new Soldr.Core.Routing.RequestRouter(dataSource, TimeProvider.System).RouteBatchAsync(10, CancellationToken.None);
        Assert.Equal(1, routed.DeliveriesCreated);
        var entry = (await api.ListAuditAsync()).Items[0];
        Assert.Equal(("request.released", "stripe: signature does not match"), (entry.Action, entry.Detail));
    }
}
