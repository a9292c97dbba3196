using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Soldr.ServiceDefaults.Postgres;

public static class NpgsqlDataSourceExtensions
{
    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> built from <c>ConnectionStrings:{connectionName}</c> and
    /// a readiness check. The name mirrors Aspire's <c>AddNpgsqlDataSource</c>.
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = ConnectionStrings.Read(
            builder.Configuration,
            connectionName,
            value => new NpgsqlConnectionStringBuilder(value).ConnectionString);

        builder.Services.AddSingleton(sp =>
        {
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
            dataSourceBuilder.UseLoggerFactory(sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>());
            configure?.Invoke(dataSourceBuilder);
            return dataSourceBuilder.Build();
        });
        builder.Services.AddHealthChecks().AddCheck<NpgsqlHealthCheck>(connectionName, tags: [HealthTags.Ready]);
        return builder;
    }
}
