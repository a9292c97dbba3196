namespace Soldr.Core.Jobs;

/// <summary>The values of <c>job_runs.outcome</c>.</summary>
public static class JobOutcome
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
