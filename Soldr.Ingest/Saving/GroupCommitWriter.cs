using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Spool;

namespace Soldr.Ingest.Saving;

/// <summary>
/// Group commit: requests queue here, and one loop takes everything queued (up to a count and a byte
/// cap) as a batch, written in one statement and one commit and answered once that is done; the busier
/// ingest is, the fewer commits each request costs. Up to <see cref="IngestOptions.MaxCommitsInFlight"/>
/// batches are written at once: while earlier ones wait for their commit to reach disk, the loop gathers
/// and starts the next. Only when that many are in flight do new arrivals wait, gathering into a larger batch.
/// Invariants: a waiter is completed only once its request is committed, fsync'd to the spool, or
/// written to stdout (and then answered 503). On stop, everything queued is written and answered,
/// including the batches in flight, before the loop returns. A commit that outlasts
/// <see cref="IngestOptions.CommitTimeout"/> is spooled instead, and may still land later: the request id
/// as key makes the spool's copy add nothing when it is drained, neither a row nor a delivery.
/// </summary>
internal sealed class GroupCommitWriter(
    RequestStore store,
    RequestSpool spool,
    StorageRoute route,
    CommitDeadline deadline,
    UnsavedRequestLog unsaved,
    WakeUpPublisher wakeUp,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<GroupCommitWriter> logger) : BackgroundService
{
    // Unbounded because each entry is a request already read into memory: the memory budget for bodies
    // and the connection cap bound it, and refusing here would only turn a queued request into a lost one.
    private readonly Channel<PendingSave> _queue = Channel.CreateUnbounded<PendingSave>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private long _commits;
    private int _queued;

    /// <summary>Batches committed to PostgreSQL since start.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Requests waiting to be taken into a batch (the single-reader queue cannot count them itself), the
    /// <c>soldr.ingest.queue</c> gauge.
    /// </summary>
    public int Queued => Volatile.Read(ref _queued);

    public Task<SaveResult> SaveAsync(IncomingRequest request)
    {
        var outcome = new TaskCompletionSource<SaveResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Counted before it is written, so the count never goes below zero when the batch takes it at once.
        Interlocked.Increment(ref _queued);
        if (_queue.Writer.TryWrite(new PendingSave(request, outcome)))
        {
            return outcome.Task;
        }

        Interlocked.Decrement(ref _queued);
        return Task.FromResult<SaveResult>(SaveOutcome.Unavailable);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // The server has stopped taking requests by now; what is queued is still written and answered.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObserveQueue(() => Queued);
        var maxInFlight = options.Value.MaxCommitsInFlight;
        var inFlight = new List<Task>(maxInFlight);
        var reader = _queue.Reader;

        // Ends when the queue is completed and empty, not on the stopping token: queued senders are answered.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            inFlight.RemoveAll(write => write.IsCompleted);
            if (inFlight.Count == maxInFlight)
            {
                // Waiting before taking the batch, so what arrives meanwhile joins it.
                inFlight.Remove(await Task.WhenAny(inFlight));
            }

            var batch = TakeBatch(reader);

            // On the thread pool: building the statement, or a spool fsync, must not hold up the next batch.
            inFlight.Add(Task.Run(() => WriteOrKeepOnStdoutAsync(batch), CancellationToken.None));
        }

        await Task.WhenAll(inFlight);
    }

    private List<PendingSave> TakeBatch(ChannelReader<PendingSave> reader)
    {
        var maxCount = options.Value.MaxBatchRequests;
        var maxBytes = options.Value.MaxBatchBytes;
        var batch = new List<PendingSave>();
        long bytes = 0;
        while (batch.Count < maxCount && reader.TryPeek(out var next)
            && (batch.Count == 0 || bytes + next.Request.Body.Length <= maxBytes))
        {
            reader.TryRead(out next);
            batch.Add(next);
            bytes += next.Request.Body.Length;
        }

        Interlocked.Add(ref _queued, -batch.Count);
        return batch;
    }

    private async Task WriteOrKeepOnStdoutAsync(List<PendingSave> batch)
    {
        try
        {
            await WriteAsync(batch);
        }
        catch (Exception ex)
        {
            // Nothing may escape a write: its senders would wait for ever, and the loop's final wait would
            // fail. Whatever is left unanswered is kept on stdout and told to retry.
            Log.BatchFailed(logger, batch.Count, ex.Message);
            foreach (var pending in batch.Where(p => !p.Outcome.Task.IsCompleted))
            {
                unsaved.Write(pending.Request);
                pending.Outcome.TrySetResult(SaveOutcome.Unavailable);
            }
        }
    }

    private async Task WriteAsync(List<PendingSave> batch)
    {
        if (!route.IsSpooling)
        {
            try
            {
                var saved = await CommitAsync(batch.ConvertAll(p => p.Request));
                Interlocked.Increment(ref _commits);
                metrics.BatchCommitted(batch.Count);
                Complete(batch, saved);

                // Requests for no webhook (unroutable) give workers nothing to do.
                if (saved.Deliveries > 0)
                {
                    wakeUp.RequestSaved();
                }

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

        Spool(batch);
    }

    private async Task WriteOneByOneAsync(List<PendingSave> batch)
    {
        foreach (var pending in batch)
        {
            if (route.IsSpooling)
            {
                // PostgreSQL went away part-way through: the rest wait in the spool, without a timeout each.
                Spool([pending]);
                continue;
            }

            try
            {
                var saved = await CommitAsync([pending.Request]);
                Interlocked.Increment(ref _commits);
                metrics.BatchCommitted(1);
                Complete([pending], saved);
            }
            catch (Exception ex) when (DatabaseFailure.IsUnavailable(ex))
            {
                if (route.UseSpool())
                {
                    Log.SpoolingStarted(logger, spool.Path, ex.Message);
                }

                Spool([pending]);
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

    private Task<SavedBatch> CommitAsync(List<IncomingRequest> requests) =>
        deadline.RunAsync(
            cancellationToken => store.SaveBatchAsync(requests, cancellationToken),
            CancellationToken.None,
            late => LandedLate(requests, late));

    // The senders were answered from the spool long ago; only the workers need to hear of new deliveries.
    private void LandedLate(List<IncomingRequest> requests, SavedBatch saved)
    {
        Log.LateCommitLanded(logger, requests.Count, saved.Saved);
        foreach (var (request, first) in metrics.CountDuplicates(requests, saved))
        {
            Log.DuplicateSaved(logger, request.Id, request.WebhookName, first);
        }

        if (saved.Deliveries > 0)
        {
            wakeUp.RequestSaved();
        }
    }

    private void Spool(List<PendingSave> batch)
    {
        if (spool.TryAppend(batch.ConvertAll(p => p.Request), out var error))
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

    private void Complete(List<PendingSave> batch, SavedBatch saved)
    {
        foreach (var pending in batch)
        {
            var id = pending.Request.Id;
            var first = saved.AnswerFor(id);
            if (first != id)
            {
                metrics.Duplicate(pending.Request.WebhookName);
            }

            pending.Outcome.TrySetResult(new SaveResult(SaveOutcome.Saved, first == id ? null : first));
        }
    }

    private static void Complete(List<PendingSave> batch, SaveOutcome outcome)
    {
        foreach (var pending in batch)
        {
            pending.Outcome.TrySetResult(outcome);
        }
    }
}
