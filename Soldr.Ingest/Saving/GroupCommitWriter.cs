using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Spool;

namespace Soldr.Ingest.Saving;

/// <summary>
/// Group commit: requests queue here, and one loop writes everything queued (up to a count and a byte
/// cap) in one statement and one commit, then answers every waiter. While a batch commits, new arrivals
/// gather for the next one, so the busier ingest is, the fewer commits each request costs.
/// Invariant: a waiter is completed only once its request is committed, fsync'd to the spool, or
/// written to stdout (and then answered 503).
/// </summary>
internal sealed class GroupCommitWriter(
    RequestStore store,
    RequestSpool spool,
    StorageRoute route,
    UnsavedRequestLog unsaved,
    WakeUpPublisher wakeUp,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<GroupCommitWriter> logger) : BackgroundService
{
    // Unbounded because each entry is a request Kestrel has already read into memory: the connection
    // limits bound it, and refusing here would only turn a queued request into a lost one.
    private readonly Channel<PendingSave> _queue = Channel.CreateUnbounded<PendingSave>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private long _commits;

    /// <summary>Batches committed to PostgreSQL since start.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public Task<SaveOutcome> SaveAsync(IncomingRequest request)
    {
        var outcome = new TaskCompletionSource<SaveOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(new PendingSave(request, outcome))
            ? outcome.Task
            : Task.FromResult(SaveOutcome.Unavailable);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // The server has stopped taking requests by now; what is queued is still written and answered.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxCount = options.Value.MaxBatchRequests;
        var maxBytes = options.Value.MaxBatchBytes;
        var batch = new List<PendingSave>(maxCount);
        var requests = new List<IncomingRequest>(maxCount);
        var reader = _queue.Reader;

        // Ends when the queue is completed and empty, not on the stopping token: queued senders are answered.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            long bytes = 0;
            while (batch.Count < maxCount && reader.TryPeek(out var next)
                && (batch.Count == 0 || bytes + next.Request.Body.Length <= maxBytes))
            {
                reader.TryRead(out next);
                batch.Add(next);
                requests.Add(next.Request);
                bytes += next.Request.Body.Length;
            }

            try
            {
                await WriteAsync(batch, requests);
            }
            catch (Exception ex)
            {
                // Nothing may end this loop: every later sender would wait for ever. Whatever is left
                // unanswered is kept on stdout and told to retry.
                Log.BatchFailed(logger, batch.Count, ex.Message);
                foreach (var pending in batch.Where(p => !p.Outcome.Task.IsCompleted))
                {
                    unsaved.Write(pending.Request);
                    pending.Outcome.TrySetResult(SaveOutcome.Unavailable);
                }
            }

            batch.Clear();
            requests.Clear();
        }
    }

    private async Task WriteAsync(List<PendingSave> batch, List<IncomingRequest> requests)
    {
        if (!route.IsSpooling)
        {
            try
            {
                await store.SaveBatchAsync(requests, CancellationToken.None);
                Interlocked.Increment(ref _commits);
                metrics.BatchCommitted(batch.Count);
                Complete(batch, SaveOutcome.Saved);
                wakeUp.RequestSaved();
                return;
            }
            catch (Exception ex) when (DatabaseFailure.IsUnavailable(ex))
            {
                if (route.UseSpool())
                {
                    Log.SpoolingStarted(logger, spool.Path, ex.Message);
                }
            }
            catch (Exception ex)
            {
                // PostgreSQL refused the data, not the connection: retry alone so one bad request does
                // not fail its neighbours.
                Log.BatchRefused(logger, batch.Count, ex.Message);
                await WriteOneByOneAsync(batch);
                return;
            }
        }

        Spool(batch, requests);
    }

    private async Task WriteOneByOneAsync(List<PendingSave> batch)
    {
        foreach (var pending in batch)
        {
            if (route.IsSpooling)
            {
                // PostgreSQL went away part-way through: the rest wait in the spool, without a timeout each.
                Spool([pending], [pending.Request]);
                continue;
            }

            try
            {
                await store.SaveBatchAsync([pending.Request], CancellationToken.None);
                Interlocked.Increment(ref _commits);
                metrics.BatchCommitted(1);
                pending.Outcome.TrySetResult(SaveOutcome.Saved);
            }
            catch (Exception ex) when (DatabaseFailure.IsUnavailable(ex))
            {
                if (route.UseSpool())
                {
                    Log.SpoolingStarted(logger, spool.Path, ex.Message);
                }

                Spool([pending], [pending.Request]);
            }
            catch (Exception ex)
            {
                // Not acknowledged: the sender gets 503. Spooling it would only block the drain; the
                // stdout line keeps it for a person to look at.
                Log.RequestRefused(logger, pending.Request.Id, pending.Request.WebhookName, ex.Message);
                unsaved.Write(pending.Request);
                pending.Outcome.TrySetResult(SaveOutcome.Unavailable);
            }
        }

        wakeUp.RequestSaved();
    }

    private void Spool(List<PendingSave> batch, List<IncomingRequest> requests)
    {
        if (spool.TryAppend(requests, out var error))
        {
            Complete(batch, SaveOutcome.Spooled);
            return;
        }

        Log.SpoolWriteFailed(logger, spool.Path, batch.Count, error ?? "unknown error");
        foreach (var pending in batch)
        {
            unsaved.Write(pending.Request);
        }

        Complete(batch, SaveOutcome.Unavailable);
    }

    private static void Complete(List<PendingSave> batch, SaveOutcome outcome)
    {
        foreach (var pending in batch)
        {
            pending.Outcome.TrySetResult(outcome);
        }
    }
}
