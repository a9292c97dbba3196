using Soldr.Admin.Apis;
using Soldr.Admin.Security;
using Soldr.Admin.Security.Reference;
using Soldr.ServiceDefaults;

namespace Soldr.Admin.Extensions;

/// <summary>
/// The admin service's middleware and endpoints, in order, for both of its ports. Program.cs and the
/// tests' host call this one method, so what the tests exercise is what runs.
/// </summary>
public static class AdminPipeline
{
    public static WebApplication UseAdminPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Each port refuses the other's endpoints before anything authenticates or reads a body.
        app.UseMiddleware<ApiPortOnly>();
        app.UseMiddleware<ManagementApiAuthentication>();
        app.UseAdminUi();

        app.MapDefaultEndpoints();
        app.MapAdminUi();
        app.MapManagementApiPort();
        return app;
    }

    /// <summary>The API, its OpenAPI document and reference page, all marked as the API port's.</summary>
    private static void MapManagementApiPort(this WebApplication app)
    {
        var port = app.MapGroup(string.Empty).WithMetadata(ManagementApiEndpoint.Instance);
        port.MapManagementApi();

        // The OpenAPI document (MapOpenApi's route) and the reference page are what a browser opens.
        ((IEndpointConventionBuilder)port).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern }
                && pattern.StartsWith("/openapi/", StringComparison.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(BrowserReadable.Instance);
            }
        });
        port.MapApiReference().WithMetadata(BrowserReadable.Instance);
    }
}
