namespace Soldr.Core.Jobs;

/// <summary>
/// Where the recurring jobs live in Quartz's clustered store: the workers schedule them there and the
/// admin service triggers, pauses and resumes them there, so both must use these names.
/// </summary>
public static class RecurringJobNames
{
    public const string SchedulerName = "soldr";

    public const string Group = "soldr";
}
