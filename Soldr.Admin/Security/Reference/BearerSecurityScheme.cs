using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Soldr.Admin.Security.Reference;

/// <summary>
/// The OpenAPI document declares how to call the API: the shared secret as a bearer token, required by
/// every operation, so generated clients and the reference page ask for it.
/// </summary>
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
{
    public const string Name = "Bearer";

    public Task TransformAsync(
        OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The management secret, Soldr:Admin:Secret "
                + "(the AppHost writes it to admin-secret in its data folder).",
        };

        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Name, document)] = [] };
        var operations = (document.Paths ?? [])
            .Values
            .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
        foreach (var operation in operations)
        {
            operation.Security = [requirement];
        }

        return Task.CompletedTask;
    }
}
