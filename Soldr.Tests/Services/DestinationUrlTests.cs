using Soldr.Worker.Delivery;

namespace Soldr.Tests.Services;

public sealed class DestinationUrlTests
{
    [Theory]
    [InlineData("http://r.test/hook", "/", "", "http://r.test/hook")]
    [InlineData("http://r.test/hook", "/orders/1", "x=2", "http://r.test/hook/orders/1?x=2")]
    [InlineData("http://r.test/hook/", "/orders", "", "http://r.test/hook/orders")]
    [InlineData("http://r.test/hook?token=t", "/o", "x=2", "http://r.test/hook/o?token=t&x=2")]
    public void TheOriginalSubPathAndQuery_AreAppended(string destination, string path, string query, string expected) =>
        Assert.Equal(new Uri(expected), DestinationUrl.Combine(destination, path, query));
}
