namespace Soldr.Core.Jobs;

/// <summary>
/// Spaces out statements run back to back so that they keep PostgreSQL busy for at most
/// <c>maxBusyShare</c> of the time: a statement that took t is followed by a pause of
/// t × (1 / maxBusyShare − 1) before the next one. Nothing follows the last statement, so it owes no
/// pause. Both the measuring and the pausing use the injected clock.
/// </summary>
internal sealed class BusySharePacer(TimeProvider timeProvider, double maxBusyShare)
{
    private TimeSpan _pauseOwed;

    public async Task<T> RunAsync<T>(Func<Task<T>> statement, CancellationToken cancellationToken)
    {
        if (_pauseOwed > TimeSpan.Zero)
        {
            await Task.Delay(_pauseOwed, timeProvider, cancellationToken);
        }

        var started = timeProvider.GetTimestamp();
        var result = await statement();
        _pauseOwed = timeProvider.GetElapsedTime(started) * (1 / maxBusyShare - 1);
        return result;
    }
}
