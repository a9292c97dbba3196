using Microsoft.Extensions.Options;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>A session or limit setting out of range stops the admin service's start, naming the key.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class AuthenticationSettingsTests(ServersFixture servers)
{
    [Theory]
    [InlineData("Soldr:Admin:Sessions:SlidingLifetime", "13:00:00", "Soldr:Admin:Sessions:SlidingLifetime must not be longer than Soldr:Admin:Sessions:AbsoluteLifetime")]
    [InlineData("Soldr:Admin:Sessions:AbsoluteLifetime", "00:00:10", "Soldr:Admin:Sessions:AbsoluteLifetime must be between")]
    [InlineData("Soldr:Admin:Sessions:RevalidationInterval", "00:00:00", "Soldr:Admin:Sessions:RevalidationInterval must be between")]
    [InlineData("Soldr:Admin:FailedAuthentication:MaxFailures", "0", "Soldr:Admin:FailedAuthentication:MaxFailures must be between")]
    [InlineData("Soldr:Admin:FailedAuthentication:Window", "2.00:00:00", "Soldr:Admin:FailedAuthentication:Window must be between")]
    public async Task ASettingOutOfRange_StopsTheStart_NamingTheKey(string key, string value, string message)
    {
        var database = await servers.CreateDatabaseAsync();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => AdminHost.StartAsync(database, servers.RedisConnectionString, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(error.Failures, failure => failure.Contains(message, StringComparison.Ordinal));
    }
}
