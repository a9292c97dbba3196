namespace Soldr.Core.Jobs;

/// <summary>
/// The recurring jobs' ids in Hangfire's storage: the workers declare and run them, the admin service
/// triggers, pauses and resumes them, and the dashboard lists them under these names.
/// </summary>
public static class RecurringJobNames
{
    public const string Purge = "purge";
    public const string MetricsRollup = "metrics-rollup";
    public const string StaleWorkers = "stale-workers";
    public const string AlertReminders = "alert-reminders";

    public static IReadOnlyList<string> All { get; } = [Purge, MetricsRollup, StaleWorkers, AlertReminders];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
