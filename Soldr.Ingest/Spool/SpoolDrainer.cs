using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Saving;
using Soldr.ServiceDefaults.Hosting;

namespace Soldr.Ingest.Spool;

/// <summary>
/// Moves spooled requests into PostgreSQL once it answers again, oldest segment first, then sends new
/// batches back to PostgreSQL. A segment is deleted only after its rows committed; a crash in between
/// replays it, and the request id as key makes the replay add nothing twice. Every probe and write is
/// bounded by the commit timeout, so a frozen server holds a pass up that long at most.
/// </summary>
internal sealed class SpoolDrainer(
    RequestSpool spool,
    RequestStore store,
    StorageRoute route,
    CommitDeadline deadline,
    WakeUpPublisher wakeUp,
    IngestMetrics metrics,
    UnsavedRequestLog unsaved,
    TimeProvider timeProvider,
    IOptions<IngestOptions> options,
    ILogger<SpoolDrainer> logger) : BackgroundService
{
    private long _passesWaiting;

    /// <summary>Passes that found PostgreSQL unavailable (refused, broken, or not answering in time).</summary>
    public long PassesWaiting => Interlocked.Read(ref _passesWaiting);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server takes requests: a folder owned by another process must stop the start.
        spool.Open();
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        spool.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.SpoolDrainInterval, timeProvider, DrainAsync, stoppingToken);

    /// <summary>One pass: nothing to do, PostgreSQL still away, or everything spooled so far drained.</summary>
    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (!route.IsSpooling && spool.PendingCount == 0 && spool.ClosedSegments().Count == 0)
        {
            return;
        }

        try
        {
            await deadline.RunAsync(store.PingAsync, cancellationToken);

            // Drain what is closed, then switch new batches back to PostgreSQL and drain the segment that
            // was open until then. A batch spooled in the instant between lands in a segment the next pass takes.
            spool.Rotate();
            await DrainClosedSegmentsAsync(cancellationToken);
            if (route.IsSpooling)
            {
                route.UseDatabase();
                spool.Rotate();
                await DrainClosedSegmentsAsync(cancellationToken);
                Log.SpoolingEnded(logger);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (Saving.DatabaseFailure.IsUnavailable(ex))
        {
            // Still away (or away again): keep the spool route, and the segments, for the next pass.
            route.UseSpool();
            Interlocked.Increment(ref _passesWaiting);
            Log.DrainWaiting(logger, spool.PendingCount, ex.Message);
        }
        catch (Exception ex)
        {
            // A disk error on the spool, or anything else: the segments stay and the next pass tries
            // again. Nothing may end this loop, or spooled requests would wait for ever.
            Log.DrainFailed(logger, ex.Message);
        }
    }

    private async Task DrainClosedSegmentsAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.MaxBatchRequests;
        foreach (var segment in spool.ClosedSegments())
        {
            var contents = SpoolSegmentReader.Read(segment);
            if (contents.BadTailAt is { } at)
            {
                Log.SpoolTailSkipped(logger, Path.GetFileName(segment), at, contents.BadTailBytes, contents.Requests.Count);
            }

            var added = 0;
            foreach (var chunk in contents.Requests.Chunk(batchSize))
            {
                added += await SaveAsync(chunk, cancellationToken);
            }

            spool.Delete(segment, contents.Requests.Count);
            Log.SegmentDrained(logger, Path.GetFileName(segment), contents.Requests.Count, added);
            if (added > 0)
            {
                wakeUp.RequestSaved();
            }
        }
    }

    private async Task<int> SaveAsync(IncomingRequest[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            return (await SaveWithinDeadlineAsync(chunk, cancellationToken)).Saved;
        }
        catch (Exception ex) when (!Saving.DatabaseFailure.IsUnavailable(ex))
        {
            // PostgreSQL refuses some of this data and always will. Each request is tried alone so the
            // rest drain; a refused one was acknowledged, so it goes to stdout rather than nowhere.
            var added = 0;
            foreach (var request in chunk)
            {
                try
                {
                    added += (await SaveWithinDeadlineAsync([request], cancellationToken)).Saved;
                }
                catch (Exception one) when (!Saving.DatabaseFailure.IsUnavailable(one))
                {
                    Log.RequestRefused(logger, request.Id, request.WebhookName, one.Message);
                    unsaved.Write(request);
                }
            }

            return added;
        }
    }

    private async Task<SavedBatch> SaveWithinDeadlineAsync(IReadOnlyList<IncomingRequest> requests, CancellationToken cancellationToken)
    {
        var saved = await deadline.RunAsync(token => store.SaveBatchAsync(requests, token), cancellationToken);
        foreach (var (request, first) in metrics.CountDuplicates(requests, saved))
        {
            Log.DuplicateSaved(logger, request.Id, request.WebhookName, first);
        }

        return saved;
    }
}
