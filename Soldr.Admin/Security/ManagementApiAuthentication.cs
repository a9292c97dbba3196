namespace Soldr.Admin.Security;

/// <summary>
/// Every request that arrives on the management API's port must carry the shared secret; anything
/// else gets a bare 401. Nothing on that port, health endpoints included, answers without it.
/// </summary>
internal sealed class ManagementApiAuthentication(RequestDelegate next, ManagementApiPort apiPort, SharedSecret secret, ILogger<ManagementApiAuthentication> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!apiPort.Serves(context))
        {
            return next(context);
        }

        if (!secret.MatchesBearer(context.Request.Headers.Authorization))
        {
            Log.Unauthorized(logger, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }

        return next(context);
    }
}

public static class ManagementApiAuthenticationExtensions
{
    public static IApplicationBuilder UseManagementApiAuthentication(this IApplicationBuilder app) =>
        app.UseMiddleware<ManagementApiAuthentication>();
}
