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

            // Everything the page needs comes from this port: no fonts, scripts or telemetry from elsewhere.
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.AddPreferredSecuritySchemes(BearerSecurityScheme.Name);
        });
}
