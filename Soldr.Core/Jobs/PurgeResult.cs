namespace Soldr.Core.Jobs;

/// <summary>What one purge deleted, and in how many short transactions.</summary>
public sealed record PurgeResult(long Requests, long JobRuns, long Alerts, int Batches, long EventKeys = 0)
{
    public long Rows => Requests + JobRuns + Alerts + EventKeys;
}
