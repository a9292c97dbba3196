using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults.Hosting;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// Reads every webhook's profile at start-up and again every <see cref="IngestOptions.WebhookSettingsRefresh"/>.
/// The start fails if the first read does: answering with the wrong status, or taking requests that should
/// have been verified, is worse than not starting. While PostgreSQL is away later, the last snapshot stays.
/// </summary>
internal sealed class WebhookProfilesRefresher(
    NpgsqlDataSource dataSource,
    WebhookProfiles profiles,
    TimeProvider timeProvider,
    IOptions<IngestOptions> options,
    ILogger<WebhookProfilesRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"The webhooks' settings could not be read from PostgreSQL at start-up: {ex.Message}", ex);
        }

        if (profiles.RejectUnknown)
        {
            Log.RejectingUnknownWebhooks(logger, profiles.Count);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.WebhookSettingsRefresh, timeProvider, RefreshAsync, stoppingToken, immediately: false);

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
            // Whatever went wrong, the last snapshot stays; a refresher that ended would freeze it for good.
            Log.WebhookSettingsStale(logger, ex.Message);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT name, settings::text FROM webhooks");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var read = new Dictionary<string, WebhookProfile>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            var profile = WebhookProfileReader.Read(reader.GetString(1));
            if (profile.Unreadable)
            {
                Log.WebhookSettingsUnreadable(logger, name);
            }

            read[name] = profile;
        }

        profiles.Replace(read);
    }
}
