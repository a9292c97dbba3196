using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs:AlertReminders</c>: an alert that stays open is announced again.</summary>
public sealed class AlertReminderOptions
{
    public const string Section = "Soldr:Jobs:AlertReminders";

    /// <summary>When open alerts are looked at: an interval or a cron expression; <c>off</c> sends no reminders.</summary>
    [JobSchedule("Soldr:Jobs:AlertReminders:Schedule")]
    public string Schedule { get; set; } = "00:15:00";

    /// <summary>How long after its last announcement an open alert is announced again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Soldr:Jobs:AlertReminders:Every must be between 00:01:00 and 365.00:00:00.")]
    public TimeSpan Every { get; set; } = TimeSpan.FromDays(1);
}
