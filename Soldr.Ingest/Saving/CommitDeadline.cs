using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.Saving;

/// <summary>
/// Bounds every wait on PostgreSQL by <see cref="IngestOptions.CommitTimeout"/>. At the deadline the caller
/// gets a <see cref="TimeoutException"/> at once; the statement is then cancelled but not waited for, since
/// a frozen server answers neither the statement nor its cancellation. A write that commits after all adds
/// nothing twice: the request id is the key wherever the request is written again.
/// </summary>
internal sealed class CommitDeadline(TimeProvider timeProvider, IOptions<IngestOptions> options, ILogger<CommitDeadline> logger)
{
    private readonly TimeSpan _timeout = options.Value.CommitTimeout;

    /// <summary>
    /// Runs <paramref name="work"/> within the deadline. <paramref name="landedLate"/> is told the result
    /// of work that finished after its caller stopped waiting.
    /// </summary>
    public async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken, Action<T>? landedLate = null)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<T> task;
        try
        {
            task = work(cancel.Token);
        }
        catch
        {
            cancel.Dispose();
            throw;
        }

        try
        {
            return await task.WaitAsync(_timeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"PostgreSQL did not answer within {IngestOptions.Section}:CommitTimeout ({_timeout}).");
        }
        finally
        {
            if (task.IsCompleted)
            {
                cancel.Dispose();
            }
            else
            {
                _ = AbandonAsync(task, cancel, landedLate);
            }
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(
            async token =>
            {
                await work(token);
                return true;
            },
            cancellationToken);

    private async Task AbandonAsync<T>(Task<T> task, CancellationTokenSource cancel, Action<T>? landedLate)
    {
        try
        {
            // Cancelling runs the driver's callback, which may open a connection to send the cancel
            // request: asynchronously, so that no caller waits for it.
            await cancel.CancelAsync();
            landedLate?.Invoke(await task);
        }
        catch (Exception ex)
        {
            // Observed so that it is not lost as an unobserved task exception; the caller has moved on.
            Log.LateWorkAbandoned(logger, ex.Message);
        }
        finally
        {
            cancel.Dispose();
        }
    }
}
