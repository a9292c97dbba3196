using Microsoft.Playwright;
using Soldr.Client.Contracts;
using Soldr.Core.Requests;
using Soldr.Core.Signing;
using Soldr.Core.Webhooks;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Browser;

/// <summary>Verification, de-duplication and signing, set and seen from the UI in a real Chromium.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class TrustPageTests(ServersFixture servers, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AnOperator_SetsVerificationAndSigning_SeesTheGeneratedSecretOnce_AndTheSecretsStayHidden()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.OpenAsync("/webhooks/new");

        await Pages.FillAsync(ui.Page, "webhook-name", "payments");
        await Pages.FillAsync(ui.Page, "destination-url", "http://a.test/hook");
        await ui.Page.Locator("[data-test=verification-kind]").SelectOptionAsync("stripe");
        await Pages.FillAsync(ui.Page, "verification-secret", "whsec_from_the_stripe_dashboard");
        await ui.Page.Locator("[data-test=verification-on-failure]").SelectOptionAsync("flag");
        await ui.Page.Locator("[data-test=dedup-source]").SelectOptionAsync("jsonPath");
        await Pages.FillAsync(ui.Page, "dedup-key", "$.id");
        await ui.Page.Locator("[data-test=destination-trust] summary").ClickAsync();
        await ui.Page.Locator("[data-test=signing-enabled]").CheckAsync();
        await ui.Page.Locator("[data-test=destination-headers]").FillAsync("Authorization: Bearer internal-token");
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();

        // The generated secret is shown on the page after saving, and is the one that signs.
        var shown = (await ui.Page.Locator("[data-test=new-signing-secret] code").TextContentAsync())!;
        Assert.NotNull(StandardWebhookSecret.TryReadKey(shown));
        var stored = SettingsJson.Deserialize<DestinationSettings>(
            await TestData.ScalarAsync<string>(ui.DataSource, "SELECT settings::text FROM destinations"));
        Assert.Equal((shown, "Bearer internal-token"), (stored.Signing!.Secret, stored.Headers!["Authorization"]));
        var webhook = SettingsJson.Deserialize<WebhookSettings>(
            await TestData.ScalarAsync<string>(ui.DataSource, "SELECT settings::text FROM webhooks"));
        Assert.Equal(("stripe", "whsec_from_the_stripe_dashboard", "flag", "$.id"),
            (webhook.Verification!.Kind, webhook.Verification.Secret, webhook.Verification.OnFailure, webhook.Deduplication!.JsonPath));

        await ui.Page.GetByText("Done").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-checks]")).ToContainTextAsync("verified: stripe");
        await Assertions.Expect(ui.Page.Locator("[data-test=destination-signed]")).ToBeVisibleAsync();

        // Opened again, no secret is in the page; saving unchanged keeps every one.
        await ui.OpenAsync("/webhooks/payments/edit");
        await Assertions.Expect(ui.Page.Locator("[data-test=verification-secret]")).ToHaveAttributeAsync("placeholder", "stored; type to replace");
        var html = await ui.Page.ContentAsync();
        Assert.DoesNotContain("whsec_from_the_stripe_dashboard", html, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-token", html, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, html, StringComparison.Ordinal);
        await ui.Page.Locator("[data-test=webhook-save]").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("[data-test=webhook-notice]")).ToBeVisibleAsync();
        var after = SettingsJson.Deserialize<DestinationSettings>(
            await TestData.ScalarAsync<string>(ui.DataSource, "SELECT settings::text FROM destinations"));
        Assert.Equal((shown, "Bearer internal-token"), (after.Signing!.Secret, after.Headers!["Authorization"]));

        // A new secret, from the editor, is shown once too.
        await ui.OpenAsync("/webhooks/payments/edit");
        await ui.Page.Locator("[data-test=signing-rotate]").ClickAsync();
        var rotated = (await ui.Page.Locator("[data-test=signing-secret-shown] code").TextContentAsync())!;
        Assert.NotEqual(shown, rotated);
        Assert.NotNull(StandardWebhookSecret.TryReadKey(rotated));
    }

    [Fact]
    public async Task AnUnverifiedRequest_ShowsWhyItFailed_AndIsReleasedFromItsPage()
    {
        await using var ui = await SignedInUi.StartAsync(servers, chromium);
        await ui.Admin.Client().CreateWebhookAsync(new WebhookInput("shop", Destinations: [new DestinationInput("http://a.test/hook")]));
        var request = TestData.Incoming("shop") with { Verification = new VerificationOutcome("github", false, "signature does not match") };
        await new RequestStore(ui.DataSource).SaveBatchAsync([request], CancellationToken.None);

        await ui.OpenAsync($"/requests/{request.Id}");
        await Assertions.Expect(ui.Page.Locator("[data-test=request-outcome]")).ToHaveAttributeAsync("data-status", "unverified");
        await Assertions.Expect(ui.Page.Locator("[data-test=request-verification]")).ToContainTextAsync("github: signature does not match");
        await ui.Page.Locator("[data-test=release]").ClickAsync();

        await Assertions.Expect(ui.Page.Locator("[data-test=action-result]")).ToContainTextAsync("Released");
        await Assertions.Expect(ui.Page.Locator("[data-test=release]")).ToHaveCountAsync(0);
        Assert.Equal("request.released", (await ui.Admin.Client().ListAuditAsync()).Items[0].Action);
    }
}
