namespace Soldr.Admin.Security.Limits;

/// <summary>Writes what <see cref="AuthenticationLimiter"/> counted: one line per client per minute.</summary>
internal sealed class FailedAuthenticationReport(
    AuthenticationLimiter limiter, TimeProvider timeProvider, ILogger<FailedAuthenticationReport> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Report();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // What was counted since the last line is written at shutdown rather than lost.
            Report();
        }
    }

    private void Report()
    {
        foreach (var count in limiter.TakeCounts())
        {
            Log.FailedAuthentications(logger, count.Client, count.Failures, count.Refused);
        }
    }
}
