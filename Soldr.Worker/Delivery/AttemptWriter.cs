using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Group commit for attempts: finished sends queue here and one loop records everything queued in one
/// batch and one commit. While a batch commits, the next gathers, so the busier the worker, the more
/// attempts share each flush of PostgreSQL's log. A send's attempt is recorded before its delivery
/// counts as done; a batch that fails is retried one attempt at a time, so one bad row cannot fail
/// its neighbours.
/// </summary>
internal sealed class AttemptWriter(AttemptRecorder recorder, IOptions<WorkerOptions> options) : BackgroundService
{
    private readonly Channel<PendingRecord> _queue = Channel.CreateUnbounded<PendingRecord>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    public Task<RecordResult> RecordAsync(AttemptToRecord attempt)
    {
        var pending = new PendingRecord(attempt, new TaskCompletionSource<RecordResult>(TaskCreationOptions.RunContinuationsAsynchronously));

        // After the loop has stopped (a send that outlived the shutdown), the attempt is recorded directly.
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : recorder.RecordAsync(attempt.Work, attempt.Attempt, attempt.Outcome, CancellationToken.None);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Registered before the delivery service, so it stops after it: every send has queued its attempt.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = options.Value.MaxConcurrency;
        var batch = new List<PendingRecord>(max);

        // Ends when the queue is completed and empty, not on the stopping token: queued attempts are recorded.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < max && _queue.Reader.TryRead(out var next))
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
