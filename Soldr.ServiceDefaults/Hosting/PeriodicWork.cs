namespace Soldr.ServiceDefaults.Hosting;

/// <summary>The loop of a background service that does one thing on a fixed beat.</summary>
public static class PeriodicWork
{
    /// <summary>
    /// Runs <paramref name="work"/> (first at once when <paramref name="immediately"/>) and then every
    /// <paramref name="interval"/> until <paramref name="stoppingToken"/> fires; stopping ends it quietly.
    /// The work handles its own failures: one that throws ends the loop.
    /// </summary>
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider timeProvider, Func<CancellationToken, Task> work, CancellationToken stoppingToken, bool immediately = true)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            if (immediately)
            {
                await work(stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await work(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
