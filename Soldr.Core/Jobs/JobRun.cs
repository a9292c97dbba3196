namespace Soldr.Core.Jobs;

/// <summary>One run of a recurring job, as recorded in <c>job_runs</c>.</summary>
public sealed record JobRun(string Job, DateTimeOffset StartedAt, TimeSpan Duration, string Outcome, long RowsAffected, string? Message);
