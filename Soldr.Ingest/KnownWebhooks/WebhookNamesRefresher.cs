using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults.Hosting;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// With <c>UnknownWebhooks=Reject</c>, reads the webhook names at start-up (the start fails if it cannot:
/// refusing real webhooks for want of a list would turn their providers away) and re-reads them on a
/// timer. While PostgreSQL is away the last list stays.
/// </summary>
internal sealed class WebhookNamesRefresher(
    NpgsqlDataSource dataSource,
    WebhookNames names,
    TimeProvider timeProvider,
    IOptions<IngestOptions> options,
    ILogger<WebhookNamesRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!names.RejectUnknown)
        {
            return;
        }

        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"{IngestOptions.Section}:UnknownWebhooks is Reject, but the webhook names could not be read "
                + $"from PostgreSQL at start-up: {ex.Message}",
                ex);
        }

        Log.RejectingUnknownWebhooks(logger, names.Count);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.WebhookNamesRefresh, timeProvider, RefreshAsync, stoppingToken, immediately: false);

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the last list stays; a refresher that ended would freeze it for good.
            Log.WebhookNamesStale(logger, ex.Message);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name FROM webhooks");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var read = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            read.Add(reader.GetString(0));
        }

        names.Replace(read);
    }
}
