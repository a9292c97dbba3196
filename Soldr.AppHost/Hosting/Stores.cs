using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Soldr.AppHost.Hosting.LocalPostgres;
using Soldr.AppHost.Hosting.LocalRedis;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// Where PostgreSQL and Redis come from: a connection string given in configuration is used as is;
/// else containers when published (what azd deploys) or when asked for; else the machine's own servers.
/// </summary>
public static class Stores
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSoldrDatabase(
        this IDistributedApplicationBuilder builder, SoldrSetup setup, string name = "soldr")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        if (Given(builder, name) is { } given)
        {
            CheckPostgres(name, given);
            return builder.AddConnectionString(name);
        }

        if (setup.UsesContainers)
        {
            // Aspire creates a database only while the AppHost runs the stack; deployed, the image creates it on first start.
            return builder.AddPostgres("postgres")
                .WithDataVolume("soldr-postgres")
                .WithArgs([.. ServerSettings.Arguments(ServerSettings.ContainerVersion)])
                .WithEnvironment("POSTGRES_DB", name)
                .AddDatabase(name);
        }

        var binaries = setup.PostgresBinaries ?? throw new StartupException(
            "No PostgreSQL server found: install the server binaries (Debian/Ubuntu: apt-get install postgresql), run with --containers where Docker or Podman works, or point Soldr at an existing server with ConnectionStrings__soldr=\"Host=...;Username=...;Password=...;Database=soldr\".");
        return builder.AddLocalPostgres("postgres", binaries, setup.Data!, setup.RunPostgresAs).AddDatabase(name, setup.Data!);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddSoldrRedis(
        this IDistributedApplicationBuilder builder, SoldrSetup setup, string name = "redis")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(setup);
        if (Given(builder, name) is { } given)
        {
            CheckRedis(name, given);
            return builder.AddConnectionString(name);
        }

        return setup.UsesContainers
            ? builder.AddRedis(name).WithDataVolume("soldr-redis")
            : builder.AddLocalRedis(name, CommandRunner.FindOnPath("redis-server"), setup.Data!);
    }

    private static string? Given(IDistributedApplicationBuilder builder, string name) =>
        builder.Configuration.GetConnectionString(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static void CheckPostgres(string name, string given)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(given);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new StartupException($"ConnectionStrings:{name} is not a valid PostgreSQL connection string: {ex.Message}");
        }

        if (string.IsNullOrEmpty(parsed.Host))
        {
            throw new StartupException($"ConnectionStrings:{name} names no Host.");
        }
    }

    private static void CheckRedis(string name, string given)
    {
        try
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(given);
            if (options.EndPoints.Count == 0)
            {
                throw new StartupException($"ConnectionStrings:{name} names no Redis host (e.g. \"cache:6379,password=...\").");
            }
        }
        catch (ArgumentException ex)
        {
            throw new StartupException($"ConnectionStrings:{name} is not a valid Redis connection string: {ex.Message}");
        }
    }
}
