using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Admin.Apis;
using Soldr.Admin.Security;
using Soldr.Admin.Security.KeyRing;
using Soldr.Admin.Security.Limits;
using Soldr.Admin.Security.Reference;
using Soldr.Admin.Security.Sessions;
using Soldr.Core;
using Soldr.Core.Flow;
using Soldr.Core.Jobs;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.ServiceDefaults;
using Soldr.ServiceDefaults.Clients;

namespace Soldr.Admin.Extensions;

internal static class Extensions
{
    public static void AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.AddSoldrDataSource("soldr");
        builder.AddOptionalRedisClient("redis");
        builder.AddSoldrCore();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityScheme>());

        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new SharedSecret(sp.GetRequiredService<IOptions<AdminOptions>>().Value.Secret));
        builder.AddAuthenticationSafeguards();

        // Resolved now, so a missing or malformed endpoint stops start-up with the key named.
        var apiEndpoint = builder.Configuration[$"{AdminOptions.Section}:{nameof(AdminOptions.ApiEndpoint)}"] ?? new AdminOptions().ApiEndpoint;
        if (ApiCertificate.Apply(builder.Configuration, apiEndpoint) is { } certificate)
        {
            builder.Services.AddSingleton(new ApiTlsCertificate(certificate));
        }

        builder.Services.AddSingleton(ManagementApiPort.FromConfiguration(builder.Configuration, apiEndpoint));

        builder.Services.AddSingleton<WebhookAdminStore>();
        builder.Services.AddSingleton<RequestAdminStore>();
        builder.Services.AddSingleton<DeliveryCommands>();
        builder.Services.AddSingleton<ResendStore>();
        builder.Services.AddSingleton<StatsQueries>();
        builder.Services.AddSingleton<QueueQueries>();
        builder.Services.AddSingleton<JobRunQueries>();
        builder.Services.AddSingleton<AlertQueries>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<IngestAddresses>();
        builder.Services.AddSingleton<WorkerWakeUp>();
        builder.Services.AddSingleton<FlowNotices>();
        builder.Services.AddSingleton<CircuitStore>();
        builder.Services.AddManagementApi();
        // Hangfire's storage without a server: the dashboard, triggering and pausing, and enqueueing the jobs
        // an operator starts, which the workers run.
        builder.AddSoldrJobStorage();
    }

    /// <summary>
    /// What makes the secret hard to guess and a session hard to keep: failed authentications limited
    /// and reported per client, sessions and the data-protection key ring in the database.
    /// </summary>
    private static void AddAuthenticationSafeguards(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FailedAuthenticationOptions>()
            .BindConfiguration(FailedAuthenticationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AuthenticationLimiter>();
        builder.Services.AddHostedService<FailedAuthenticationReport>();

        builder.Services.AddOptions<UiSessionOptions>()
            .BindConfiguration(UiSessionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AdminSessionStore>();

        // One application name, so every replica, wherever it runs from, reads the same keys.
        builder.Services.AddDataProtection().SetApplicationName("Soldr.Admin");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource, TimeProvider>(
                (options, dataSource, time) => options.XmlRepository = new PostgresXmlRepository(dataSource, time));
    }
}
