using System.Threading.Channels;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Group commit for attempts: finished sends queue here and one loop records everything queued in one
/// batch and one commit. While a batch commits, the next gathers, so the busier the worker, the more
/// attempts share each flush of PostgreSQL's log. A delivery stays leased until its attempt is
/// recorded; a batch that fails is retried one attempt at a time, so one bad row cannot fail its
/// neighbours. The queue is bounded: when PostgreSQL falls behind, sends wait to queue, holding their
/// slots, so the worker slows down instead of piling up unrecorded attempts.
/// </summary>
internal sealed class AttemptWriter(AttemptRecorder recorder) : BackgroundService
{
    /// <summary>Attempts recorded per batch at most: enough to share a flush, small enough for a short round trip.</summary>
    private const int MaxBatch = 1000;

    private readonly Channel<PendingRecord> _queue = Channel.CreateBounded<PendingRecord>(
        new BoundedChannelOptions(2 * MaxBatch) { SingleReader = true, AllowSynchronousContinuations = false, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Queues an attempt, waiting only while the queue is full. The task it returns completes when the
    /// attempt is committed.
    /// </summary>
    public async ValueTask<Task<RecordResult>> QueueAsync(AttemptToRecord attempt)
    {
        var pending = new PendingRecord(attempt, new TaskCompletionSource<RecordResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending);
            return pending.Done.Task;
        }
        catch (ChannelClosedException)
        {
            // After the loop has stopped (a send that outlived the shutdown), the attempt is recorded directly.
            return recorder.RecordAsync(attempt.Work, attempt.Attempt, attempt.Outcome, CancellationToken.None);
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Registered before the delivery service, so it stops after it: every send has queued its attempt.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingRecord>(MaxBatch);

        // Ends when the queue is completed and empty, not on the stopping token: queued attempts are recorded.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }
    private async Task WriteAsync(List<PendingRecord> batch)
    {
        try
        {
            var results = await recorder.RecordManyAsync([.. batch.Select(p => p.Attempt)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
        catch (Exception ex)
        {
            // The send's caller logs it; the lease expires and the delivery is claimed again.
            batch[0].Done.TrySetException(ex);
        }
    }

    private sealed record PendingRecord(AttemptToRecord Attempt, TaskCompletionSource<RecordResult> Done);
}
