using System.Text.Json.Serialization;

namespace Soldr.Admin.Apis;

public static class ManagementApiServices
{
    /// <summary>
    /// What the management API's endpoints need besides the stores: strict JSON (an unknown member is an
    /// error naming it, not silently dropped: a misspelt "destinatons" must not create a webhook without
    /// destinations), and binding failures thrown so <see cref="BadRequestProblems"/> can name what is wrong.
    /// </summary>
    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.AddExceptionHandler<JobLockProblems>();
        return services;
    }
}
