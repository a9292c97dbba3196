using System.Globalization;

namespace Soldr.Bench;

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of sorted 100 ns ticks, in milliseconds with one decimal.</summary>
    public static string Ms(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return "-";
        }

        var rank = (int)Math.Ceiling(quantile * sortedTicks.Length) - 1;
        var ticks = sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)];
        return (ticks / (double)TimeSpan.TicksPerMillisecond).ToString("0.0", CultureInfo.InvariantCulture);
    }
}
