using System.Text;
using Soldr.Client.Contracts;
using Soldr.Core.Routing;

namespace Soldr.Tests.Routing;

/// <summary>What a destination's filter takes, what it leaves, and how it says why.</summary>
public sealed class DeliveryFilterTests
{
    [Theory]
    [InlineData("order.*", "order.created", true)]
    [InlineData("order.*", "order.", true)]
    [InlineData("order.*", "orders.created", false)]
    [InlineData("*.created", "invoice.created", true)]
    [InlineData("*", "anything", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("push", "push", true)]
    [InlineData("push", "Push", false)]
    [InlineData("push", "pushed", false)]
    public void APattern_MatchesWithStarsStandingForAnyText(string pattern, string type, bool matches) =>
        Assert.Equal(matches, EventTypePattern.Parse(pattern).Matches(type));

    [Fact]
    public void ATypeMustMatchAnInclusionAndNoExclusion_AndAnUntypedRequestOnlyAListOfExclusions()
    {
        var orders = Filter(["order.*", "!order.test"]);
        var notTests = Filter(["!*.test"]);

        Assert.Null(orders.Rejects("order.created", "{}"u8));
        Assert.Equal("event type order.test is excluded by !order.test", orders.Rejects("order.test", "{}"u8));
        Assert.Equal("event type invoice.paid matches none of order.*", orders.Rejects("invoice.paid", "{}"u8));
        Assert.Equal("the request has no event type, and the filter takes only order.*", orders.Rejects(null, "{}"u8));
        Assert.Null(notTests.Rejects(null, "{}"u8));
        Assert.Null(notTests.Rejects("invoice.paid", "{}"u8));
        Assert.NotNull(notTests.Rejects("invoice.test", "{}"u8));
    }

    [Fact]
    public void BodyConditions_MustAllHold()
    {
        var filter = DeliveryFilter.From(new DestinationFilter
        {
            Body =
            [
                new BodyCondition { Path = "$.data.livemode", Value = "true" },
                new BodyCondition { Path = "$.data.customer", Exists = true },
                new BodyCondition { Path = "$.data.test_clock", Exists = false },
            ],
        })!;

        Assert.Null(filter.Rejects(null, Body("""{"data":{"livemode":true,"customer":"cus_1"}}""")));
        Assert.Equal("$.data.livemode is false, not true", filter.Rejects(null, Body("""{"data":{"livemode":false,"customer":"cus_1"}}""")));
        Assert.Equal("$.data.customer is missing from the body", filter.Rejects(null, Body("""{"data":{"livemode":true}}""")));
        Assert.Equal("$.data.test_clock is in the body", filter.Rejects(null, Body("""{"data":{"livemode":true,"customer":"c","test_clock":"x"}}""")));
        Assert.Equal("$.data.livemode is missing from the body, not true", filter.Rejects(null, Body("not json")));
    }

    [Fact]
    public void AFilterThatSetsNothingIsNone_AndBadEntriesAreNamedByKey()
    {
        Assert.Null(DeliveryFilter.From(new DestinationFilter()));
        var failures = new List<string>();

        DeliveryFilterRules.Check(
            new DestinationFilter
            {
                EventTypes = ["ok.*", "", "has space", "a!b"],
                Body = [new BodyCondition { Path = "data", Value = "x" }, new BodyCondition { Path = "$.a" }],
            },
            "Soldr:Webhooks:w:Destinations:0:",
            failures);
        DeliveryFilterRules.Check(new DestinationFilter(), "P:", failures);

        Assert.Equal(
            [
                "Soldr:Webhooks:w:Destinations:0:Filter:EventTypes:1 ",
                "Soldr:Webhooks:w:Destinations:0:Filter:EventTypes:2 ",
                "Soldr:Webhooks:w:Destinations:0:Filter:EventTypes:3 ",
                "Soldr:Webhooks:w:Destinations:0:Filter:Body:0:Path ",
                "Soldr:Webhooks:w:Destinations:0:Filter:Body:1 ",
                "P:Filter ",
            ],
            failures.Select(f => f[..(f.IndexOf(' ', StringComparison.Ordinal) + 1)]));
    }

    private static DeliveryFilter Filter(List<string> types) => DeliveryFilter.From(new DestinationFilter { EventTypes = types })!;

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);
}
