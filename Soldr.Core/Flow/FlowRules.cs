using Soldr.Client.Contracts;

namespace Soldr.Core.Flow;

/// <summary>
/// The limits on rate limits, circuit settings, ordering and priority; each failure starts with the key at
/// fault, prefixed with <c>prefix</c>.
/// </summary>
public static class FlowRules
{
    public const int MaxPerSecond = 100_000;
    public const int MaxPerMinute = 1_000_000;
    public static readonly TimeSpan MaxMinInterval = TimeSpan.FromHours(1);

    public static void Check(DestinationSettings settings, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(failures);
        CheckRateLimit(settings.RateLimit, $"{prefix}RateLimit", failures);
        CheckCircuit(settings.Circuit, $"{prefix}Circuit", failures);
        if (settings.Ordering is { } ordering && ordering is not (DeliveryOrdering.Parallel or DeliveryOrdering.Sequential))
        {
            failures.Add($"{prefix}Ordering must be {DeliveryOrdering.Parallel} or {DeliveryOrdering.Sequential}.");
        }
    }

    public static void CheckPriority(string? priority, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (priority is not (null or WebhookPriority.High or WebhookPriority.Normal or WebhookPriority.Low))
        {
            failures.Add($"{prefix}Priority must be {WebhookPriority.High}, {WebhookPriority.Normal} or {WebhookPriority.Low}.");
        }
    }

    private static void CheckRateLimit(RateLimitSettings? limit, string key, ICollection<string> failures)
    {
        if (limit is null)
        {
            return;
        }

        if (limit.PerSecond is null && limit.PerMinute is null && limit.MinInterval is null)
        {
            failures.Add($"{key} sets nothing: give PerSecond, PerMinute or MinInterval, or leave RateLimit out.");
        }

        if (limit.PerSecond is < 1 or > MaxPerSecond)
        {
            failures.Add($"{key}:PerSecond must be between 1 and {MaxPerSecond}.");
        }

        if (limit.PerMinute is < 1 or > MaxPerMinute)
        {
            failures.Add($"{key}:PerMinute must be between 1 and {MaxPerMinute}.");
        }

        if (limit.MinInterval is { } gap && (gap < TimeSpan.FromMilliseconds(1) || gap > MaxMinInterval))
        {
            failures.Add($"{key}:MinInterval must be between 00:00:00.001 and 01:00:00.");
        }
    }

    private static void CheckCircuit(CircuitSettings? circuit, string key, ICollection<string> failures)
    {
        if (circuit is null)
        {
            return;
        }

        if (circuit.FailureThreshold is < 1 or > 10_000)
        {
            failures.Add($"{key}:FailureThreshold must be between 1 and 10000.");
        }

        if (circuit.FailureRatio is { } ratio && (double.IsNaN(ratio) || ratio <= 0 || ratio > 1))
        {
            failures.Add($"{key}:FailureRatio must be more than 0 and at most 1.");
        }

        if (circuit.RatioWindow is { } window && (window < TimeSpan.FromSeconds(10) || window > TimeSpan.FromDays(1)))
        {
            failures.Add($"{key}:RatioWindow must be between 00:00:10 and 1.00:00:00.");
        }

        if (circuit.MinimumAttempts is < 1 or > 100_000)
        {
            failures.Add($"{key}:MinimumAttempts must be between 1 and 100000.");
        }

        if (circuit.ProbeDelay is { } probe && (probe < TimeSpan.FromSeconds(1) || probe > TimeSpan.FromDays(1)))
        {
            failures.Add($"{key}:ProbeDelay must be between 00:00:01 and 1.00:00:00.");
        }

        if (circuit.DisableAfter is { } disable && (disable < TimeSpan.FromMinutes(1) || disable > TimeSpan.FromDays(365)))
        {
            failures.Add($"{key}:DisableAfter must be between 00:01:00 and 365.00:00:00.");
        }
    }
}
