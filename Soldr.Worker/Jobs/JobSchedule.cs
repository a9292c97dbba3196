namespace Soldr.Worker.Jobs;

/// <summary>
/// Every schedule fires on multiples of its interval (every 10 minutes: :00, :10, :20, ... UTC), so a
/// worker that starts and re-declares the trigger keeps the cluster's rhythm instead of postponing it.
/// </summary>
internal static class JobSchedule
{
    public static DateTimeOffset NextFire(DateTimeOffset now, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var periods = now.UtcTicks / interval.Ticks + 1;
        return new DateTimeOffset(periods * interval.Ticks, TimeSpan.Zero);
    }
}
