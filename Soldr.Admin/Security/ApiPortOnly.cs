using Soldr.Admin.Security.Reference;

namespace Soldr.Admin.Security;

/// <summary>
/// On every port but the management API's, the API's endpoints (and anything under /api, /openapi or
/// the reference page's path, whatever the method) answer 404 at once: before authentication, and
/// before any handler could start reading a body the request announces.
/// </summary>
internal sealed class ApiPortOnly(RequestDelegate next, ManagementApiPort apiPort)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!apiPort.Serves(context) && IsApi(context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool IsApi(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ManagementApiEndpoint>() is not null
        || context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments(ApiReference.Path, StringComparison.OrdinalIgnoreCase);
}
