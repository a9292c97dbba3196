using Microsoft.Extensions.Configuration;
using Soldr.Admin.Security;

namespace Soldr.Tests.Services;

public sealed class SharedSecretTests
{
    private static readonly SharedSecret Secret = new("0123456789abcdef0123456789abcdef");

    [Theory]
    [InlineData("Bearer 0123456789abcdef0123456789abcdef", true)]
    [InlineData("bearer 0123456789abcdef0123456789abcdef", true)]
    [InlineData("Bearer 0123456789abcdef0123456789abcdeX", false)]
    [InlineData("Bearer 0123456789abcdef", false)]
    [InlineData("Basic 0123456789abcdef0123456789abcdef", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyTheExactSecret_IsAccepted(string? authorization, bool accepted) =>
        Assert.Equal(accepted, Secret.Matches(PresentedSecret.From(authorization, basicAllowed: false)));

    [Theory]
    [InlineData("http://127.0.0.1:8443", 8443)]
    [InlineData("http://*:9443", 9443)]
    public void TheApiPort_ComesFromItsKestrelEndpoint(string url, int port)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:api:Url"] = url }).Build();

        Assert.Equal(port, ManagementApiPort.FromConfiguration(configuration, "api").Port);
    }

    [Fact]
    public void AMissingApiEndpoint_NamesTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ManagementApiPort.FromConfiguration(new ConfigurationBuilder().Build(), "api"));

        Assert.StartsWith("Configuration key 'Kestrel:Endpoints:api:Url' is missing", error.Message, StringComparison.Ordinal);
    }
}
