using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Soldr.ServiceDefaults.Postgres;

/// <summary>Readiness: a pooled connection opens and answers a trivial query.</summary>
internal sealed class NpgsqlHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer: {ex.Message}");
        }
    }
}
