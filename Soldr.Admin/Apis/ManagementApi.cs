using Soldr.Admin.Security;

namespace Soldr.Admin.Apis;

public static class ManagementApi
{
    /// <summary>
    /// Every management endpoint and the OpenAPI document (<c>/openapi/v1.json</c>), all on the API's
    /// port only and, through the authentication middleware, only with the shared secret.
    /// </summary>
    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWebhooksApi();
        endpoints.MapRequestsApi();
        endpoints.MapResendsApi();
        endpoints.MapStatsApi();
        endpoints.MapJobsApi();
        endpoints.MapAlertsApi();
        endpoints.MapAuditApi();
        endpoints.MapOpenApi().AddEndpointFilter<IEndpointConventionBuilder, ManagementApiOnly>();
        return endpoints;
    }
}
