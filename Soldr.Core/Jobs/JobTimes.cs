namespace Soldr.Core.Jobs;

public static class JobTimes
{
    /// <summary>
    /// Hangfire keeps a scheduled time in whole seconds, cut down, so a job set for 02:00:00.4 could start
    /// at 02:00:00.0; the next whole second is the first moment it may start and never be early.
    /// </summary>
    public static DateTimeOffset NotBefore(DateTimeOffset at)
    {
        var past = at.UtcTicks % TimeSpan.TicksPerSecond;
        return past == 0 ? at : at.AddTicks(TimeSpan.TicksPerSecond - past);
    }
}
