namespace Soldr.Admin.Security;

/// <summary>
/// Hides management endpoints on every port but the management API's. <see cref="ApiPortOnly"/> has
/// refused such requests already, before their body is read; this stays as a second line.
/// </summary>
internal sealed class ManagementApiOnly(ManagementApiPort apiPort) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        apiPort.Serves(context.HttpContext) ? next(context) : ValueTask.FromResult<object?>(TypedResults.NotFound());
}
