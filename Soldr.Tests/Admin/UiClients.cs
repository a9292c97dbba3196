using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Soldr.Client;
using Soldr.Admin.Security.Sessions;

namespace Soldr.Tests.Admin;

/// <summary>The UI's own API client, as a page gets it.</summary>
public static class UiClients
{
    /// <summary>
    /// Resolved the way a page resolves it: in a scope whose authentication state is the session's, so it
    /// carries that session on every call.
    /// </summary>
    public static ISoldrApi For(AdminHost admin, string sessionKey)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var scope = admin.App.Services.CreateScope();
        var state = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var principal = SessionClaims.With(new ClaimsPrincipal(new ClaimsIdentity("Cookies")), sessionKey);
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope.ServiceProvider.GetRequiredService<ISoldrApi>();
    }
}
