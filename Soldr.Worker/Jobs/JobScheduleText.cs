using System.Globalization;
using Cronos;

namespace Soldr.Worker.Jobs;

/// <summary>
/// A job's <c>Schedule</c> setting as the cron expression Hangfire runs it by. A cron expression (five fields,
/// or six with seconds first) is taken as is. An interval that divides a minute, an hour or a day evenly
/// fires on its multiples in UTC (<c>00:10:00</c> is <c>*/10 * * * *</c>: :00, :10, :20, ...), so restarting
/// a worker never postpones a run. <c>off</c> or <c>00:00:00</c> means no schedule.
/// </summary>
internal static class JobScheduleText
{
    public const string Off = "off";

    /// <summary>The cron expression, or null for no schedule; false (with why) when the text is neither.</summary>
    public static bool TryParse(string? text, out string? cron, out string? error)
    {
        cron = null;
        error = null;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals(Off, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval))
        {
            cron = FromInterval(interval);
            error = cron is null && interval > TimeSpan.Zero
                ? $"the interval {value} does not divide a minute, an hour or a day evenly (use one that does, such as 00:00:30, 00:15:00, 06:00:00 or 1.00:00:00, or a cron expression)"
                : null;
            return error is null;
        }

        try
        {
            var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            CronExpression.Parse(value, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            cron = value;
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{value}' is neither an interval (such as 00:10:00) nor a cron expression ({ex.Message})";
            return false;
        }
    }

    private static string? FromInterval(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return null;
        }

        return interval switch
        {
            { TotalSeconds: < 60 and var s } when 60 % (int)s == 0 => s == 1 ? "* * * * * *" : $"*/{s:0} * * * * *",
            { TotalMinutes: < 60 and var m } when m % 1 == 0 && 60 % (int)m == 0 => m == 1 ? "* * * * *" : $"*/{m:0} * * * *",
            { TotalHours: < 24 and var h } when h % 1 == 0 && 24 % (int)h == 0 => h == 1 ? "0 * * * *" : $"0 */{h:0} * * *",
            { TotalDays: 1 } => "0 0 * * *",
            { TotalDays: 7 } => "0 0 * * 1",
            _ => null,
        };
    }
}
