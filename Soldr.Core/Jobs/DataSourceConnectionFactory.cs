using Hangfire.PostgreSql;
using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>Hangfire's connections come from the service's own data source: one pool, one configuration.</summary>
internal sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
