using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Soldr.Admin.Apis;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Webhooks;

namespace Soldr.Tests.Services;

public sealed class DestinationSettingsTests
{
    [Fact]
    public void MethodsAndForwardedHeaders_AreReadFromConfiguration_AndCarriedIntoTheDeliveryPolicy()
    {
        var catalog = Bind(new()
        {
            ["Soldr:Webhooks:shop:Destinations:0:Url"] = "http://r.test/hook",
            ["Soldr:Webhooks:shop:Destinations:0:AllowedMethods:0"] = "POST",
            ["Soldr:Webhooks:shop:Destinations:0:AllowedMethods:1"] = "PUT",
            ["Soldr:Webhooks:shop:Destinations:0:ForwardHeaders:0"] = "X-Signature",
        });
        var stored = SettingsJson.Serialize(catalog.Webhooks["shop"].Destinations[0].ToSettings());

        var policy = new DeliveryPolicies(Options.Create(new DeliveryOptions())).For("{}", stored);

        Assert.Equal("""{"allowedMethods":["POST","PUT"],"forwardHeaders":["X-Signature"]}""", stored);
        Assert.True(policy.AllowedMethods!.SetEquals(["POST", "PUT"]));
        Assert.DoesNotContain("post", (IReadOnlySet<string>)policy.AllowedMethods!);
        Assert.Contains("x-signature", (IReadOnlySet<string>)policy.ForwardHeaders!);
    }

    [Fact]
    public void FlowControl_IsReadFromConfiguration_AndCarriedIntoTheDeliveryPolicy()
    {
        var catalog = Bind(new()
        {
            ["Soldr:Webhooks:shop:Priority"] = "high",
            ["Soldr:Webhooks:shop:Destinations:0:Url"] = "http://r.test/hook",
            ["Soldr:Webhooks:shop:Destinations:0:RateLimit:PerSecond"] = "10",
            ["Soldr:Webhooks:shop:Destinations:0:RateLimit:MinInterval"] = "00:00:05",
            ["Soldr:Webhooks:shop:Destinations:0:Circuit:FailureThreshold"] = "5",
            ["Soldr:Webhooks:shop:Destinations:0:Ordering"] = "sequential",
        });
        var webhook = catalog.Webhooks["shop"];
        var stored = SettingsJson.Serialize(webhook.Destinations[0].ToSettings());

        var policy = new DeliveryPolicies(Options.Create(new DeliveryOptions())).For("{}", stored);

        Assert.Equal("""{"priority":"high"}""", SettingsJson.Serialize(webhook.ToSettings()));
        Assert.Equal("""{"rateLimit":{"perSecond":10,"minInterval":"00:00:05"},"circuit":{"failureThreshold":5},"ordering":"sequential"}""", stored);
        Assert.Equal(new(10, 0, TimeSpan.FromSeconds(5)), policy.RateLimit);
        Assert.Equal(5, policy.Circuit!.FailureThreshold);
        Assert.True(policy.Sequential);
    }

    [Fact]
    public void UnsetLists_AcceptAnyMethodAndPassEveryHeader()
    {
        var policy = new DeliveryPolicies(Options.Create(new DeliveryOptions())).For("{}", "{}");

        Assert.Null(policy.AllowedMethods);
        Assert.Null(policy.ForwardHeaders);
    }

    [Fact]
    public void BadMethodsAndHeaderNames_FailStartUp_NamingTheKey()
    {
        var catalog = Bind(new()
        {
            ["Soldr:Webhooks:shop:Destinations:0:Url"] = "http://r.test/hook",
            ["Soldr:Webhooks:shop:Destinations:0:AllowedMethods:0"] = "POST",
            ["Soldr:Webhooks:shop:Destinations:0:AllowedMethods:1"] = "post",
            ["Soldr:Webhooks:shop:Destinations:0:ForwardHeaders:0"] = "X-Signature",
            ["Soldr:Webhooks:shop:Destinations:0:ForwardHeaders:1"] = "Bad Name",
        });

        var result = new WebhookCatalogValidator().Validate(null, catalog);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Soldr:Webhooks:shop:Destinations:0:AllowedMethods entry 1 must be an upper-case method token, e.g. POST.",
                $"Soldr:Webhooks:shop:Destinations:0:ForwardHeaders entry 1 is not a header name: {Soldr.Core.Http.HeaderRules.NameRule}.",
            ],
            result.Failures);
    }

    [Fact]
    public void TheManagementApi_NamesTheJsonFieldAtFault()
    {
        var input = new WebhookInput("shop", Destinations:
        [
            new DestinationInput("http://r.test/hook", Settings: new DestinationSettings { AllowedMethods = [], ForwardHeaders = ["ok", "no\r\n"] }),
            new DestinationInput("http://r.test/other", Settings: new DestinationSettings { AllowedMethods = ["GET", "M-SEARCH", "Get"] }),
        ]);

        var errors = WebhookValidation.Check(input);

        Assert.Equal(
            ["destinations[0].settings.allowedMethods", "destinations[0].settings.forwardHeaders", "destinations[1].settings.allowedMethods"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("entry 2", Assert.Single(errors["destinations[1].settings.allowedMethods"]), StringComparison.Ordinal);
    }

    private static WebhookCatalogOptions Bind(Dictionary<string, string?> settings)
    {
        var catalog = new WebhookCatalogOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(WebhookCatalogOptions.Section).Bind(catalog);
        return catalog;
    }
}
