using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Alerts;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Alerts;

/// <summary>
/// Sends alert notices through every configured channel, right after an alert opens or resolves (or a
/// reminder of an alert still open falls due) and
/// again every <see cref="AlertOptions.RetryInterval"/> for notices that could not be sent. A notice
/// counts as sent only when every channel took it, so a channel that was down still gets it later.
/// </summary>
internal sealed class AlertNotifier(
    AlertStore store,
    IEnumerable<IAlertChannel> channels,
    WorkSignals signals,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertNotifier> logger) : BackgroundService
{
    private const int NoticesPerPass = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AnyChannel)
        {
            Log.AlertsNotConfigured(logger);
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SendPendingAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    Log.AlertPassFailed(logger, ex.Message);
                }

                await signals.AlertsPending.WaitAsync(options.Value.RetryInterval, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Sends every unsent notice it can claim; repeats while a pass sent a full batch and at least one
    /// went out, so a backlog is worked through but a channel that is down is not hammered.
    /// </summary>
    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        var configured = channels.Count(c => c.IsConfigured);
        var claimFor = (options.Value.SendTimeout * configured * NoticesPerPass) + TimeSpan.FromSeconds(30);
        IReadOnlyList<AlertNotice> notices;
        var sent = 0;
        do
        {
            notices = await store.ClaimUnsentAsync(NoticesPerPass, claimFor, cancellationToken);
            foreach (var notice in notices)
            {
                if (await SendAsync(notice, cancellationToken))
                {
                    await store.MarkSentAsync(notice, cancellationToken);
                    sent++;
                }
            }
        }
        while (notices.Count == NoticesPerPass && sent > 0);
    }

    private async Task<bool> SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        var kind = notice.Kind.ToString().ToLowerInvariant();
        var allSent = true;
        foreach (var channel in channels.Where(c => c.IsConfigured))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.SendTimeout);
            try
            {
                await channel.SendAsync(notice, timeout.Token);
                Log.AlertNoticeSent(logger, notice.AlertId, kind, channel.Name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.AlertNoticeFailed(logger, notice.AlertId, channel.Name, Delivery.ErrorMessages.WithCause(ex));
                allSent = false;
            }
        }

        return allSent;
    }
}
