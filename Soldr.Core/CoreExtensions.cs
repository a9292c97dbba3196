using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Soldr.Core.Database;
using Soldr.Core.Requests;
using Soldr.Core.Signals;
using Soldr.Core.Webhooks;

namespace Soldr.Core;

public static class CoreExtensions
{
    /// <summary>
    /// The shared store (needs an <c>NpgsqlDataSource</c>) and the start-up step that migrates the schema
    /// and upserts the webhooks declared in configuration.
    /// </summary>
    public static IHostApplicationBuilder AddSoldrCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookCatalogOptions>().BindConfiguration(WebhookCatalogOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookCatalogOptions>, WebhookCatalogValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<WebhookCatalogSeeder>();
        services.AddSingleton<RequestStore>();
        services.AddSingleton<RedisScope>();
        services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
