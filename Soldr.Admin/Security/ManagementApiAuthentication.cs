using Microsoft.Extensions.Primitives;
using Soldr.Admin.Client;
using Soldr.Admin.Security.Limits;
using Soldr.Admin.Security.Sessions;

namespace Soldr.Admin.Security;

/// <summary>
/// Every request that arrives on the management API's port must carry the shared secret; anything
/// else gets a bare 401. Nothing on that port, health endpoints included, answers without it. A client
/// that presented too many wrong secrets gets 429 until its window ends, before its secret is compared.
/// A call that says it comes from a UI session (<see cref="SessionHeader"/>) must also name a live one.
/// Once the caller is known, it is set as the request's <see cref="ApiCaller"/>.
/// </summary>
internal sealed class ManagementApiAuthentication(
    RequestDelegate next, ManagementApiPort apiPort, AuthenticationLimiter limiter, AdminSessionStore sessions)
{
    private const string BasicChallenge = "Basic realm=\"Soldr management API\", charset=\"UTF-8\"";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!apiPort.Serves(context))
        {
            await next(context);
            return;
        }

        var client = ClientAddress.Of(context);
        var basicAllowed = BrowserReadable.Allows(context);
        var presented = PresentedSecret.From(context.Request.Headers.Authorization, basicAllowed);
        switch (limiter.Verify(client, presented, out var retryAfter))
        {
            case AuthenticationVerdict.Refused:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = RetryAfter.Seconds(retryAfter);
                return;
            case AuthenticationVerdict.Failed:
                Unauthorized(context, basicAllowed);
                return;
        }

        if (context.Request.Headers.TryGetValue(SessionHeader.Name, out var sessionKey))
        {
            // The secret was right, so nothing was guessed: an ended session (a page still open after a
            // sign-out elsewhere) is refused without counting against the UI's address, which every
            // operator's calls share and would otherwise lock out.
            if (await sessions.FindLiveAsync(sessionKey.ToString(), context.RequestAborted) is not { } session)
            {
                Unauthorized(context, basicAllowed);
                return;
            }

            context.Features.Set(session.Caller);
        }
        else
        {
            var caller = ApiCaller.ForClient(context.Connection.RemoteIpAddress, context.Request.Headers.UserAgent);
            context.Features.Set(caller);
        }

        await next(context);
    }

    private static void Unauthorized(HttpContext context, bool basicAllowed)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = basicAllowed
            ? new StringValues(new[] { BasicChallenge, "Bearer" })
            : new StringValues("Bearer");
    }
}
