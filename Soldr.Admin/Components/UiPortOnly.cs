using Soldr.Admin.Security;

namespace Soldr.Admin.Components;

/// <summary>
/// The UI is served on the UI port only. On the management API's port, where callers hold the bearer
/// secret rather than a browser session, its pages, hub and assets do not exist.
/// </summary>
internal sealed class UiPortOnly(RequestDelegate next, ManagementApiPort apiPort)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (apiPort.Serves(context) && context.GetEndpoint()?.Metadata.GetMetadata<UiEndpoint>() is not null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
