using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Soldr.Admin.Security.Sessions;

/// <summary>
/// The cookie handler's session store: the cookie carries the session key only, and the ticket lives in
/// <see cref="AdminSessionStore"/>, which decides on every request whether the session is still alive.
/// </summary>
internal sealed class SessionTicketStore(AdminSessionStore sessions) : ITicketStore
{
    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        sessions.OpenAsync(Serialize(ticket), signedInFrom: null, cancellationToken);

    public Task<string> StoreAsync(
        AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        sessions.OpenAsync(Serialize(ticket), httpContext?.Connection.RemoteIpAddress?.ToString(), cancellationToken);

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.Properties.ExpiresUtc is { } expiresAt
            ? sessions.RenewAsync(key, Serialize(ticket), expiresAt, cancellationToken)
            : Task.CompletedTask;
    }

    public Task RenewAsync(
        string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        RenewAsync(key, ticket, cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (await sessions.FindLiveAsync(key, cancellationToken) is not { } session
            || TicketSerializer.Default.Deserialize(session.Ticket) is not { } ticket)
        {
            return null;
        }

        // The handler checks the expiry it is given: the database's, which renewals and the absolute
        // lifetime decide, rather than whatever the stored ticket said.
        ticket.Properties.ExpiresUtc = session.ExpiresAt < session.EndsAt ? session.ExpiresAt : session.EndsAt;
        return new AuthenticationTicket(
            SessionClaims.With(ticket.Principal, key), ticket.Properties, ticket.AuthenticationScheme);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(
        string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        RetrieveAsync(key, cancellationToken);

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => sessions.EndAsync(key, cancellationToken);

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        RemoveAsync(key, cancellationToken);

    // The key is never stored with the ticket: the database knows the session by the key's hash only.
    private static byte[] Serialize(AuthenticationTicket ticket) =>
        TicketSerializer.Default.Serialize(
            new AuthenticationTicket(SessionClaims.Without(ticket.Principal), ticket.Properties, ticket.AuthenticationScheme));
}
