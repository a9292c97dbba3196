using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Webhooks;

namespace Soldr.Core.Database;

/// <summary>
/// Brings the schema up to date and upserts declared webhooks before the service starts serving.
/// Runs in StartAsync, so the host does not accept traffic until it has finished. A database that is
/// still starting is retried until <see cref="DatabaseOptions.StartupTimeout"/>.
/// </summary>
internal sealed class DatabaseInitializer(
    MigrationRunner migrations,
    WebhookCatalogSeeder seeder,
    IOptions<DatabaseOptions> options,
    TimeProvider timeProvider,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + options.Value.StartupTimeout;
        while (true)
        {
            try
            {
                await migrations.ApplyAsync(cancellationToken);
                await seeder.SeedAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && timeProvider.GetUtcNow() < deadline)
            {
                Log.DatabaseNotReady(logger, ex.Message);
                await Task.Delay(RetryDelay, timeProvider, cancellationToken);
            }
            catch (NpgsqlException ex) when (ex.IsTransient)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL was not reachable within {options.Value.StartupTimeout.TotalSeconds:0} s ({DatabaseOptions.Section}:StartupTimeout): {ex.Message}", ex);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
