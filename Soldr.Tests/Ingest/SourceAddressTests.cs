using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Addressing;
using Soldr.Ingest.Ingestion;

namespace Soldr.Tests.Ingest;

public sealed class SourceAddressTests
{
    [Theory]
    [InlineData("", "127.0.0.1", "203.0.113.9", "127.0.0.1")]
    [InlineData("10.0.0.0/8", "127.0.0.1", "203.0.113.9", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1", "203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "127.0.0.1", "203.0.113.9, 10.1.2.3", "10.1.2.3")]
    [InlineData("127.0.0.1,10.0.0.0/8", "127.0.0.1", "198.51.100.7, 203.0.113.9, 10.1.2.3", "203.0.113.9")]
    [InlineData("127.0.0.1,10.0.0.0/8", "::ffff:127.0.0.1", "10.9.9.9, 10.1.2.3", "10.9.9.9")]
    [InlineData("127.0.0.1", "127.0.0.1", "not-an-address", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1", null, "127.0.0.1")]
    public void ForwardedFor_IsBelievedOnlyFromTrustedProxies_UpToTheFirstUntrustedHop(string trusted, string peer, string? forwardedFor, string expected)
    {
        var options = new IngestOptions();
        options.TrustedProxies.AddRange(trusted.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        var source = new OriginResolver(new TrustedProxies(Options.Create(options))).Resolve(context).Address;

        Assert.Equal(expected, source);
    }

    [Fact]
    public void ATrustedProxyThatIsNeitherAnAddressNorARange_FailsValidation_NamingTheKey()
    {
        var options = new IngestOptions();
        options.TrustedProxies.AddRange(["10.0.0.0/8", "proxy.example.com"]);

        var result = new TrustedProxiesValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Soldr:Ingest:TrustedProxies:1", result.FailureMessage, StringComparison.Ordinal);
    }
}
