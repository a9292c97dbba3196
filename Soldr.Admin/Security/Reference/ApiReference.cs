using Scalar.AspNetCore;

namespace Soldr.Admin.Security.Reference;

/// <summary>The API reference page, on the API's port, over the OpenAPI document.</summary>
internal static class ApiReference
{
    public const string Path = "/reference";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapScalarApiReference(Path, options =>
        {
            options.Title = "Soldr management API";

            // Everything the page needs comes from this port, and nothing of the API leaves it: no fonts or
            // telemetry from elsewhere, no sharing or chat tools that would send the document to a service.
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            options.Agent = new ScalarAgentOptions { Disabled = true };
            options.AddPreferredSecuritySchemes(BearerSecurityScheme.Name);
        });
}
