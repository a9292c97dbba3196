using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;
using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults.Hosting;

namespace Soldr.Ingest.Responses;

/// <summary>
/// Re-reads the webhooks' response statuses on a timer. While PostgreSQL is away the last snapshot stays:
/// answers keep their configured status through an outage.
/// </summary>
internal sealed class ResponseStatusRefresher(
    NpgsqlDataSource dataSource,
    ResponseStatuses statuses,
    TimeProvider timeProvider,
    IOptions<IngestOptions> options,
    ILogger<ResponseStatusRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first answers already carry the configured statuses (the schema is in place by now).
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.ResponseStatusRefresh, timeProvider, RefreshAsync, stoppingToken, immediately: false);

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("""
                SELECT name, settings::text FROM webhooks WHERE settings ? 'responseStatus'
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var read = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (TryReadStatus(reader.GetString(1)) is { } status && status != ResponseStatuses.Default)
                {
                    read[reader.GetString(0)] = status;
                }
            }

            statuses.Replace(read);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the last snapshot stays; a refresher that ended would freeze it for good.
            Log.ResponseStatusesStale(logger, ex.Message);
        }
    }

    // Settings are validated when written; a column edited by hand to something else falls back to 202.
    private static int? TryReadStatus(string json)
    {
        try
        {
            return SettingsJson.Deserialize<WebhookSettings>(json).ResponseStatus is { } s && SettingsRules.IsResponseStatus(s) ? s : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
