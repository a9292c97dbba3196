using System.Text;
using Soldr.Core.Json;

namespace Soldr.Tests.Verification;

public sealed class JsonPathValueTests
{
    private const string Event = """
        {
          "id": "evt_1",
          "type": "invoice.paid",
          "data": { "object": { "id": "in_9", "amount": 1250, "paid": true, "discount": null, "rate": 1.50e0 } },
          "items": [ { "sku": "a" }, { "sku": "b", "tags": ["x", "y"] } ],
          "a.b": { "c": "dotted" },
          "quote's": "single",
          "say \"hi\"": "double",
          "escaped": "line\nbreak \u00e9 \ud83d\ude00",
          "": "empty name"
        }
        """;

    private static string? Read(string path, string json = Event)
    {
        Assert.True(JsonPathValue.TryParse(path, out var compiled, out var error), error);
        return compiled.Read(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("$.id", "evt_1")]
    [InlineData("$['type']", "invoice.paid")]
    [InlineData("$.data.object.id", "in_9")]
    [InlineData("$[\"data\"]['object'][\"amount\"]", "1250")]
    [InlineData("$.data.object.paid", "true")]
    [InlineData("$.data.object.rate", "1.50e0")]
    [InlineData("$.items[0].sku", "a")]
    [InlineData("$.items[1].tags[1]", "y")]
    [InlineData("$['a.b'].c", "dotted")]
    [InlineData("$['quote\\'s']", "single")]
    [InlineData("$[\"say \\\"hi\\\"\"]", "double")]
    [InlineData("$.escaped", "line\nbreak é 😀")]
    [InlineData("$['']", "empty name")]
    public void APath_SelectsItsValue_AsText(string path, string expected) => Assert.Equal(expected, Read(path));

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.data.object.discount")]
    [InlineData("$.data")]
    [InlineData("$.items")]
    [InlineData("$.items[2]")]
    [InlineData("$.items[0].sku.deeper")]
    [InlineData("$.id[0]")]
    [InlineData("$.items.sku")]
    [InlineData("$[0]")]
    [InlineData("$")]
    [InlineData("$.a.b")]
    public void MissingNullObjectsAndArrays_HaveNoValue(string path) => Assert.Null(Read(path));

    [Theory]
    [InlineData("\"just a string\"", "just a string")]
    [InlineData("42", "42")]
    [InlineData(" false ", "false")]
    public void TheRootPath_ReadsAScalarBody(string json, string expected) => Assert.Equal(expected, Read("$", json));

    [Fact]
    public void TheFirstOfRepeatedMembers_Counts() => Assert.Equal("1", Read("$.id", """{"id":1,"id":2}"""));

    [Fact]
    public void AByteOrderMark_IsAllowed()
    {
        Assert.True(JsonPathValue.TryParse("$.id", out var path, out _));

        Assert.Equal("x", path.Read([.. Encoding.UTF8.Preamble, .. """{"id":"x"}"""u8]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"id":"evt_1",""")]
    [InlineData("""{"id":"evt_1"} trailing""")]
    [InlineData("""{"id":"evt_1"}{"id":"evt_2"}""")]
    [InlineData("""{"id":"evt_1", "later": [1, 2,]}""")]
    [InlineData("""{"id":"evt_1" /* comment */}""")]
    [InlineData("""{'id':'evt_1'}""")]
    public void InvalidJson_HasNoValue_EvenWhenTheValueComesFirst(string json) => Assert.Null(Read("$.id", json));

    [Fact]
    public void InvalidUtf8InTheSelectedString_HasNoValue()
    {
        Assert.True(JsonPathValue.TryParse("$.id", out var path, out _));

        Assert.Null(path.Read([.. """{"id":" """u8, 0xC3, 0x28, .. "\"}"u8]));
    }

    [Theory]
    [InlineData(JsonPathValue.MaxDepth - 1, "deep")]
    [InlineData(JsonPathValue.MaxDepth + 1, null)]
    [InlineData(100_000, null)]
    public void DeepNesting_IsReadUpToTheLimit_AndNeverThrows(int depth, string? expected)
    {
        var json = """{"id":"deep","n":""" + new string('[', depth) + new string(']', depth) + "}";

        Assert.Equal(expected, Read("$.id", json));
    }

    [Fact]
    public void AValueInsideDeepNesting_IsFound()
    {
        const int depth = 40;
        var json = string.Concat(Enumerable.Repeat("""{"a":""", depth)) + "\"bottom\"" + new string('}', depth);
        var path = "$" + string.Concat(Enumerable.Repeat(".a", depth));

        Assert.Equal("bottom", Read(path, json));
    }

    [Fact]
    public void AHugeBody_IsReadWithoutTrouble()
    {
        var items = string.Join(',', Enumerable.Range(0, 200_000).Select(i => $$"""{"n":{{i}},"s":"{{new string('x', 10)}}"}"""));

        Assert.Equal("199999", Read("$.items[199999].n", $$"""{"items":[{{items}}]}"""));
    }

    [Theory]
    [InlineData("", "must start with $")]
    [InlineData("id", "must start with $")]
    [InlineData("$id", "has an unexpected 'i' at character 2")]
    [InlineData("$.", "must have a name after the final '.'")]
    [InlineData("$..id", "has an unexpected '.' at character 3")]
    [InlineData("$.*", "has an unexpected '*' at character 3")]
    [InlineData("$[*]", "has an unexpected '*' at character 3")]
    [InlineData("$[1:2]", "has an unexpected ':' at character 4")]
    [InlineData("$[?(@.a)]", "has an unexpected '?' at character 3")]
    [InlineData("$[01]", "has an index that is not a whole number from 0 to 2147483647 at character 3")]
    [InlineData("$[99999999999]", "has an index that is not a whole number from 0 to 2147483647 at character 3")]
    [InlineData("$[0", "has an unclosed '[' at character 2")]
    [InlineData("$['a'", "has an unclosed '[' at character 2")]
    [InlineData("$['a]", "has an unclosed quoted name at character 3")]
    [InlineData("$['a\\n']", "has an escape other than \\\\, \\' or \\\" at character 5")]
    [InlineData("$.a b", "has an unexpected U+0020 at character 4")]
    [InlineData("$.é", "has an unexpected U+00E9 at character 3")]
    public void AnUnsupportedPath_IsRefused_SayingWhere(string path, string expected)
    {
        Assert.False(JsonPathValue.TryParse(path, out var compiled, out var error));
        Assert.Null(compiled);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TooManySteps_AreRefused()
    {
        var path = "$" + string.Concat(Enumerable.Repeat(".a", JsonPathValue.MaxDepth + 1));

        Assert.False(JsonPathValue.TryParse(path, out _, out var error));
        Assert.Equal($"has more than {JsonPathValue.MaxDepth} steps", error);
    }

    [Fact]
    public void APath_KeepsItsText() =>
        Assert.Equal("$.data['object'].id", JsonPathValue.TryParse("$.data['object'].id", out var path, out _) ? path.ToString() : null);
}
