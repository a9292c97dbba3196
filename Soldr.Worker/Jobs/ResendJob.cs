using System.Globalization;
using Microsoft.Extensions.Options;
using Soldr.Core.Jobs;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.Worker.Signals;

namespace Soldr.Worker.Jobs;

/// <summary>
/// A bulk re-send, a page of requests at a time. Each page commits with the progress it made, so the
/// admin site shows it as it goes, and a run interrupted (the worker stopped) or retried carries on after
/// the last page done. What was queued wakes this worker at once and the others through Redis.
/// </summary>
internal sealed class ResendJob(
    ResendStore resends,
    AuditLog audit,
    WorkSignals signals,
    WorkerWakeUp wakeUp,
    IOptionsMonitor<ResendOptions> options,
    ILogger<ResendJob> logger) : IResendJob
{
    public async Task<string> RunAsync(long resendId, CancellationToken cancellationToken)
    {
        if (await resends.BeginAsync(resendId, cancellationToken) is not { } resend)
        {
            var state = (await resends.FindAsync(resendId, cancellationToken))?.State ?? "gone";
            return $"Nothing to do: re-send #{resendId} is {state}.";
        }

        var pageSize = options.CurrentValue.PageSize;
        try
        {
            BulkPage? page;
            do
            {
                page = await resends.ResendNextPageAsync(resend, pageSize, cancellationToken);
                if (page is { Changes.Queued: > 0 } or { Changes.Rerouted: > 0 })
                {
                    signals.DeliveriesDue.Set();
                    signals.RequestsSaved.Set();
                    await wakeUp.DeliveriesQueuedAsync(cancellationToken);
                }
            }
            while (page is not null && page.Matched == pageSize);

            var done = await resends.FinishAsync(resendId, cancellationToken) ?? await resends.FindAsync(resendId, cancellationToken);
            var summary = Summary(done!);
            if (done!.State == ResendStates.Succeeded)
            {
                await audit.WriteAsync(new AuditChange("requests.resent", $"re-send #{resendId}: {done.Description}", summary, done.RequestedBy), cancellationToken);
            }

            Log.ResendFinished(logger, resendId, done.State, summary);
            return $"{done.State}: {summary}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping: Hangfire hands the job back, and the next worker to take it carries on.
            await resends.InterruptAsync(resendId, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            // Pages done stay done; retrying the job in the dashboard carries on from there.
            await resends.FailAsync(resendId, ex.Message, CancellationToken.None);
            Log.ResendFailed(logger, resendId, ex.Message);
            throw;
        }
    }

    private static string Summary(ResendRecord resend) => string.Create(
        CultureInfo.InvariantCulture,
        $"{resend.Processed} of {resend.Total} request(s) done; {resend.Queued} deliveries queued, {resend.Held} held, {resend.Rerouted} request(s) routed again");
}
