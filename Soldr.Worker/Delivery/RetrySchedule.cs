using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Decides what an attempt means: 2xx is success; 410 Gone and a refusal (Soldr would not send it, and
/// would not on any retry) stop at once; any other failure is retried
/// after an exponential delay with jitter (honouring a 429 or 503's Retry-After within the cap) until
/// the policy's attempts are used up.
/// </summary>
internal sealed class RetrySchedule(IOptions<DeliveryOptions> options, Random random)
{
    public DeliveryOutcome Decide(DeliveryWork work, AttemptRecord attempt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Succeeded)
        {
            return DeliveryOutcome.Succeeded;
        }

        var what = AttemptDescription.Of(attempt);
        if (attempt.Error is { IsRefusal: true } refusal)
        {
            return DeliveryOutcome.Failed($"Soldr refused to send it, which no retry would change: {refusal.Message}");
        }

        if (attempt.StatusCode == StatusCodes.Status410Gone)
        {
            return DeliveryOutcome.Failed($"the destination answered {what}, which stops retries at once");
        }

        // A manual re-send starts a new budget: only the attempts since then count, for the limit and the delay.
        var attemptsMade = work.AttemptNumber - work.AttemptBase;
        if (attemptsMade >= work.Policy.MaxAttempts)
        {
            return DeliveryOutcome.Failed($"all {work.AttemptNumber} attempt(s) failed; the last one: {what}");
        }

        return DeliveryOutcome.Retry(now + DelayAfter(attemptsMade, work.Policy, attempt.RetryAfter));
    }

    /// <summary>
    /// The wait after attempt <paramref name="attemptsMade"/>: the first delay, doubled for each further
    /// attempt, moved by up to ±<see cref="DeliveryOptions.Jitter"/>, never above the policy's cap. A
    /// destination's Retry-After is a floor within that cap.
    /// </summary>
    public TimeSpan DelayAfter(int attemptsMade, DeliveryPolicy policy, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var cap = policy.MaxRetryDelay.TotalMilliseconds;
        var doublings = Math.Clamp(attemptsMade - 1, 0, 62);
        var exponential = Math.Min(policy.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, doublings), cap);
        var jitter = options.Value.Jitter * ((2 * random.NextDouble()) - 1);
        var delay = Math.Min(exponential * (1 + jitter), cap);
        if (retryAfter is { } asked && asked.TotalMilliseconds > delay)
        {
            delay = Math.Min(asked.TotalMilliseconds, cap);
        }

        return TimeSpan.FromMilliseconds(delay);
    }
}
