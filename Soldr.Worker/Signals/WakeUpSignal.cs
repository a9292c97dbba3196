namespace Soldr.Worker.Signals;

/// <summary>
/// An auto-reset event for async loops: <see cref="Set"/> wakes one pending or the next
/// <see cref="WaitAsync"/>; several sets before a wait collapse into one wake-up.
/// </summary>
public sealed class WakeUpSignal
{
    private TaskCompletionSource _next = NewSource();

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>Waits until <see cref="Set"/> or <paramref name="timeout"/>; returns whether it was set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _next);
        try
        {
            await current.Task.WaitAsync(timeout, timeProvider, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            if (current.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _next, NewSource(), current);
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
