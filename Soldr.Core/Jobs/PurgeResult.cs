namespace Soldr.Core.Jobs;

/// <summary>
/// What one purge deleted, and in how many short transactions; the requests include those of the whole
/// days it dropped. Days kept are expired days it could not drop yet (work in flight, or a busy lock).
/// </summary>
public sealed record PurgeResult(long Requests, long JobRuns, long Alerts, int Batches, int DaysDropped, int DaysKept)
{
    public long Rows => Requests + JobRuns + Alerts;
}
