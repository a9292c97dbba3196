namespace Soldr.Admin.Security;

/// <summary>Hides management endpoints on every port but the management API's.</summary>
internal sealed class ManagementApiOnly(ManagementApiPort apiPort) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        apiPort.Serves(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(TypedResults.NotFound());
}
