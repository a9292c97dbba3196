using Microsoft.Extensions.Options;
using Soldr.Admin.Security;
using Soldr.Core;
using Soldr.ServiceDefaults.Postgres;
using Soldr.ServiceDefaults.Redis;

namespace Soldr.Admin.Extensions;

internal static class Extensions
{
    public static void AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("soldr");
        builder.AddRedisClient("redis");
        builder.AddSoldrCore();
        builder.Services.AddProblemDetails();

        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new SharedSecret(sp.GetRequiredService<IOptions<AdminOptions>>().Value.Secret));

        // Resolved now, so a missing or malformed endpoint stops start-up with the key named.
        var apiEndpoint = builder.Configuration[$"{AdminOptions.Section}:{nameof(AdminOptions.ApiEndpoint)}"] ?? new AdminOptions().ApiEndpoint;
        builder.Services.AddSingleton(ManagementApiPort.FromConfiguration(builder.Configuration, apiEndpoint));
    }
}
