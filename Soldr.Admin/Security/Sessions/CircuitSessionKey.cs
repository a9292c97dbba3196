using Microsoft.AspNetCore.Components.Authorization;
using Soldr.Admin.Client;

namespace Soldr.Admin.Security.Sessions;

/// <summary>
/// The session key of whoever the UI is rendering for, read from the authentication state of the scope
/// it is resolved in: the HTTP request while a page prerenders, the circuit while it is live.
/// </summary>
internal sealed class CircuitSessionKey(AuthenticationStateProvider authentication) : ISessionKeySource
{
    public async ValueTask<string> GetKeyAsync(CancellationToken cancellationToken) =>
        SessionClaims.KeyOf((await authentication.GetAuthenticationStateAsync()).User) ?? string.Empty;
}
