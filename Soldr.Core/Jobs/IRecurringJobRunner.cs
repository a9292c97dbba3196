using System.ComponentModel;
using Hangfire;

namespace Soldr.Core.Jobs;

/// <summary>
/// What Hangfire stores for a recurring job: this interface and the job's name. The worker implements it;
/// the admin service only needs the type to trigger a job and to show it in the dashboard.
/// </summary>
public interface IRecurringJobRunner
{
    /// <summary>
    /// Runs the job and records the run in <c>job_runs</c>; returns what it did, which the dashboard shows.
    /// A failed run is not retried: its next schedule is the retry, and an operator can retry it by hand.
    /// </summary>
    [DisplayName("{0}")]
    [AutomaticRetry(Attempts = 0)]
    Task<string> RunAsync(string job, CancellationToken cancellationToken);
}
