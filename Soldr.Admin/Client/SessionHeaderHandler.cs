namespace Soldr.Admin.Client;

/// <summary>Puts the session of the page that makes a call on it (<see cref="SessionHeader"/>).</summary>
internal sealed class SessionHeaderHandler(ISessionKeySource session) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        // Always sent, with an empty key once the session is gone, so the API refuses the call rather than
        // take it for an API client's.
        request.Headers.TryAddWithoutValidation(SessionHeader.Name, await session.GetKeyAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
