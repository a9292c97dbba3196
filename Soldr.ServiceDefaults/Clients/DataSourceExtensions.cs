using Microsoft.Extensions.Hosting;
using Npgsql;
using Soldr.ServiceDefaults.Telemetry;

namespace Soldr.ServiceDefaults.Clients;

public static class DataSourceExtensions
{
    /// <summary>
    /// Aspire's <c>AddNpgsqlDataSource</c> for <c>ConnectionStrings:{connectionName}</c>, with its health
    /// check (<c>/health</c> is unhealthy while PostgreSQL does not answer), run as Soldr runs its
    /// statements (<see cref="StatementDefaults"/>), and traced and measured only when that is exported.
    /// </summary>
    public static IHostApplicationBuilder AddSoldrDataSource(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Checked now, so that a missing or malformed value stops start-up naming the key; Aspire would
        // only find out when the data source is first used.
        ConnectionStrings.Read(builder.Configuration, connectionName, value => new NpgsqlConnectionStringBuilder(value));

        var export = TelemetryExport.From(builder.Configuration);
        builder.AddNpgsqlDataSource(
            connectionName,
            settings =>
            {
                settings.DisableTracing = !export.Traces;
                settings.DisableMetrics = !export.Metrics;
            },
            dataSource => dataSource.WithStatementDefaults());
        return builder;
    }
}
