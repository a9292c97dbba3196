using Soldr.Client.Contracts;
using Soldr.Core.Deduplication;

namespace Soldr.Tests.Verification;

public sealed class DeduplicationRulesTests
{
    private const string Prefix = "Soldr:Webhooks:shop:";

    public static TheoryData<string?, string?, int?, string> BadSettings => new()
    {
        { null, null, null, "Deduplication must set exactly one of Header or JsonPath" },
        { "Idempotency-Key", "$.id", null, "Deduplication must set exactly one of Header or JsonPath" },
        { "Idempotency Key", null, null, "Deduplication:Header is not a header name" },
        { "", null, null, "Deduplication:Header is not a header name" },
        { null, "id", null, "Deduplication:JsonPath must start with $" },
        { null, "$..id", null, "Deduplication:JsonPath has an unexpected '.' at character 3" },
        { null, "$.items[*]", null, "Deduplication:JsonPath has an unexpected '*' at character 9" },
        { null, "$['id'", null, "Deduplication:JsonPath has an unclosed '[' at character 2" },
        { null, "$['id]", null, "Deduplication:JsonPath has an unclosed quoted name at character 3" },
        { null, "$[-1]", null, "Deduplication:JsonPath has an unexpected '-' at character 3" },
        { null, "$.a.", null, "Deduplication:JsonPath must have a name after the final '.'" },
        { "Idempotency-Key", null, 30, "Deduplication:Window must be between 1 minute and 30 days" },
        { "Idempotency-Key", null, 31 * 24 * 3600, "Deduplication:Window must be between 1 minute and 30 days" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void EachBadSetting_IsNamedByItsKey(string? header, string? path, int? windowSeconds, string expected)
    {
        var failures = new List<string>();
        var settings = new DeduplicationSettings
        {
            Header = header,
            JsonPath = path,
            Window = windowSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };

        DeduplicationRules.Check(settings, Prefix, failures);

        Assert.Contains(failures, f => f.StartsWith(Prefix + expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Idempotency-Key", null, 60)]
    [InlineData("webhook-id", null, 30 * 24 * 3600)]
    [InlineData(null, "$.id", null)]
    [InlineData(null, "$.data['object'].id", 86400)]
    [InlineData(null, "$[0].event[\"id.v2\"]", null)]
    public void GoodSettings_PassEveryRule(string? header, string? path, int? windowSeconds)
    {
        var failures = new List<string>();
        var settings = new DeduplicationSettings
        {
            Header = header,
            JsonPath = path,
            Window = windowSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };

        DeduplicationRules.Check(settings, Prefix, failures);

        Assert.Empty(failures);
    }
}
