using Soldr.Ingest.Ingestion;

namespace Soldr.Tests.Services;

public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("acme.wh.localhost", "acme")]
    [InlineData("Acme-Orders-239dsx.WH.localhost", "acme-orders-239dsx")]
    [InlineData("a.b.wh.localhost", null)]
    [InlineData("wh.localhost", null)]
    [InlineData("acme.wh.localhost.evil.com", null)]
    [InlineData("-bad.wh.localhost", null)]
    [InlineData("localhost", null)]
    public void TheHost_NamesTheWebhook(string host, string? expected) =>
        Assert.Equal(expected, WebhookAddress.FromHost(host, "wh.localhost"));

    [Fact]
    public void ThePathForm_NamesTheWebhook() => Assert.Equal("acme", WebhookAddress.FromPathSegment("ACME"));
}
