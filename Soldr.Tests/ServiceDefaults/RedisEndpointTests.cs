using Soldr.ServiceDefaults.Redis;

namespace Soldr.Tests.ServiceDefaults;

public sealed class RedisEndpointTests
{
    [Fact]
    public void TheAspireForm_IsParsed()
    {
        var endpoint = RedisEndpoint.Parse("127.0.0.1:6380,password=p=w,ssl=true,defaultDatabase=2,abortConnect=false");

        Assert.Equal(new RedisEndpoint("127.0.0.1", 6380, null, "p=w", true, 2), endpoint);
    }

    [Fact]
    public void APortDefaultsTo6379_AndIPv6IsBracketed()
    {
        Assert.Equal(6379, RedisEndpoint.Parse("cache").Port);
        Assert.Equal(("::1", 7000), (RedisEndpoint.Parse("[::1]:7000").Host, RedisEndpoint.Parse("[::1]:7000").Port));
    }

    [Theory]
    [InlineData("", "names no server")]
    [InlineData("cache:http", "'port' must be a number")]
    [InlineData("a:1,b:2", "only one server")]
    [InlineData("cache,ssl=maybe", "'ssl' must be true or false")]
    public void AMalformedString_SaysWhatIsWrong(string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisEndpoint.Parse(value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
