using System.ComponentModel;
using Hangfire;

namespace Soldr.Core.Jobs;

/// <summary>
/// What Hangfire stores for a bulk re-send: this interface and the re-send's id; the re-send itself (what
/// it matches, who asked, how far it got) is a row of <c>resends</c>. The worker implements it.
/// </summary>
public interface IResendJob
{
    /// <summary>
    /// Re-sends what the re-send matches, a page at a time, carrying on from where an earlier run stopped.
    /// Not retried by itself: a failed re-send says why, and retrying its job carries on.
    /// </summary>
    [DisplayName("re-send #{0}")]
    [AutomaticRetry(Attempts = 0)]
    Task<string> RunAsync(long resendId, CancellationToken cancellationToken);
}
