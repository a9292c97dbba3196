using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>Declares a PostgreSQL server run from local binaries, and databases on it, as Aspire resources.</summary>
public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// A server on a free loopback port with its cluster in <paramref name="data"/>, run as
    /// <paramref name="runAs"/> when given (PostgreSQL refuses root). The cluster is created before its
    /// first start; the server is healthy once it accepts connections.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, PostgresBinaries binaries, DataFolder data, UnprivilegedUser? runAs)
    {
        var passwordValue = data.GetUrlSafeSecret($"{name}-password");
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        var cluster = new PostgresCluster(binaries, data.PostgresDirectory, passwordValue, runAs);
        var (command, wrapper) = runAs is null ? (binaries.Server, []) : runAs.Wrap(binaries.Server, []);
        var server = new LocalPostgresResource(name, command, cluster, Ports.GetFree(), password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, (e, ct) =>
            cluster.PrepareAsync(e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server), ct));

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(server.ConnectionString(passwordValue), name: healthCheck);

        return builder.AddResource(server)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: server.Port, targetPort: server.Port, isProxied: false)
            .WithArgs(context =>
            {
                foreach (var argument in wrapper.Concat(cluster.ServerArguments(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseStack");
    }

    /// <summary>
    /// A database and its owning role, created when the server is healthy; healthy itself once the
    /// role can connect to it, so whatever waits for it starts on a database that exists.
    /// </summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, DataFolder data)
    {
        var builder = server.ApplicationBuilder;
        var passwordValue = data.GetUrlSafeSecret($"{name}-db-password");
        var password = builder.AddParameter($"{name}-db-password", passwordValue, secret: true);
        var database = new LocalPostgresDatabaseResource(name, server.Resource, password.Resource);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (e, ct) =>
        {
            var created = await DatabaseOwner.EnsureAsync(server.Resource.ConnectionString(server.Resource.Cluster.Password), name, passwordValue, ct);
            if (created)
            {
                e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server.Resource).CreatedDatabase(name);
            }

            // Aspire carries a container's state to its databases, not an executable's: say it here, so
            // that the health check runs and what waits for the database can start.
            await e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(server.Resource.ConnectionString(passwordValue, name), name: healthCheck);
        return builder.AddResource(database).WithHealthCheck(healthCheck).WithIconName("Database");
    }
}
