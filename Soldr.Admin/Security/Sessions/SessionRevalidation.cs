using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Soldr.Admin.Security.Sessions;

/// <summary>
/// A live page (a Blazor circuit) was signed in when it opened and never sends the cookie again: this
/// checks its session every <see cref="UiSessionOptions.RevalidationInterval"/>, and once the session has
/// ended the page loses its sign-in and goes back to the sign-in page.
/// </summary>
internal sealed class SessionRevalidation(
    AdminSessionStore sessions, IOptions<UiSessionOptions> options, ILoggerFactory loggerFactory)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        SessionClaims.KeyOf(authenticationState.User) is { } key
        && await sessions.FindLiveAsync(key, cancellationToken) is not null;
}
