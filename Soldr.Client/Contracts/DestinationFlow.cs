namespace Soldr.Client.Contracts;

/// <summary>
/// How fast one destination is sent to, across every worker together. A delivery over a limit waits for
/// its turn; it is never dropped and the wait is not an attempt. Unset values, no limit.
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>At most this many sends in any second.</summary>
    public int? PerSecond { get; set; }

    /// <summary>At most this many sends in any minute.</summary>
    public int? PerMinute { get; set; }

    /// <summary>At least this long between the starts of two sends, e.g. <c>00:00:05</c>.</summary>
    public TimeSpan? MinInterval { get; set; }
}

/// <summary>
/// When a failing destination's circuit opens: its deliveries are then held, one is tried now and then
/// as a probe, and a success releases the rest. Unset values take the defaults in docs/delivery.md.
/// </summary>
public sealed class CircuitSettings
{
    /// <summary>Off, the destination is tried whatever happened before. On by default.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Consecutive failed attempts that open the circuit (20).</summary>
    public int? FailureThreshold { get; set; }

    /// <summary>
    /// Share of failed attempts (0 to 1) within <see cref="RatioWindow"/> that opens the circuit, once
    /// <see cref="MinimumAttempts"/> were made in it. Unset, only consecutive failures count.
    /// </summary>
    public double? FailureRatio { get; set; }

    /// <summary>The window the ratio is taken over (5 minutes).</summary>
    public TimeSpan? RatioWindow { get; set; }

    /// <summary>Attempts within the window before the ratio is judged (20).</summary>
    public int? MinimumAttempts { get; set; }

    /// <summary>The wait before the first probe (30 seconds); it doubles after each failed probe, up to 30 minutes.</summary>
    public TimeSpan? ProbeDelay { get; set; }

    /// <summary>How long the circuit may stay open before the destination is disabled (5 days).</summary>
    public TimeSpan? DisableAfter { get; set; }
}

/// <summary>The values of <see cref="DestinationSettings.Ordering"/>.</summary>
public static class DeliveryOrdering
{
    /// <summary>Several deliveries at once, in no guaranteed order (the default).</summary>
    public const string Parallel = "parallel";

    /// <summary>One at a time in the order received: the next waits until the previous succeeded or finally failed.</summary>
    public const string Sequential = "sequential";
}

/// <summary>The values of <see cref="WebhookSettings.Priority"/>.</summary>
public static class WebhookPriority
{
    public const string High = "high";
    public const string Normal = "normal";
    public const string Low = "low";
}

/// <summary>
/// A destination's circuit: <c>closed</c> (sending), or <c>open</c> (holding its deliveries; a probe is
/// tried at <see cref="NextProbeAt"/>). <see cref="OpenedBy"/> is <c>failures</c> or the operator who
/// opened it; <see cref="DisabledAt"/> is when staying open disabled the destination.
/// </summary>
public sealed record CircuitView(
    string State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenedAt = null,
    string? OpenedBy = null,
    string? Reason = null,
    int Probes = 0,
    DateTimeOffset? NextProbeAt = null,
    DateTimeOffset? DisabledAt = null);
