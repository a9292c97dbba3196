using Soldr.Client.Contracts;

namespace Soldr.Core.Flow;

/// <summary>
/// When a destination's circuit opens, how it is probed, and when staying open disables the destination.
/// <see cref="FailureRatio"/> null: only consecutive failures count.
/// </summary>
public sealed record CircuitPolicy(
    int FailureThreshold,
    double? FailureRatio,
    TimeSpan RatioWindow,
    int MinimumAttempts,
    TimeSpan ProbeDelay,
    TimeSpan DisableAfter)
{
    public const int DefaultFailureThreshold = 20;
    public const int DefaultMinimumAttempts = 20;
    public static readonly TimeSpan DefaultRatioWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultProbeDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxProbeDelay = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultDisableAfter = TimeSpan.FromDays(5);

    public static readonly CircuitPolicy Default = From(null)!;

    /// <summary>Null when the circuit is turned off.</summary>
    public static CircuitPolicy? From(CircuitSettings? settings) =>
        settings?.Enabled == false
            ? null
            : new CircuitPolicy(
                settings?.FailureThreshold ?? DefaultFailureThreshold,
                settings?.FailureRatio,
                settings?.RatioWindow ?? DefaultRatioWindow,
                settings?.MinimumAttempts ?? DefaultMinimumAttempts,
                settings?.ProbeDelay ?? DefaultProbeDelay,
                settings?.DisableAfter ?? DefaultDisableAfter);

    /// <summary>The wait after <paramref name="failedProbes"/> failed probes: the first delay, doubled each time, at most 30 minutes.</summary>
    public TimeSpan ProbeDelayAfter(int failedProbes)
    {
        var cap = ProbeDelay > MaxProbeDelay ? ProbeDelay : MaxProbeDelay;
        var delay = ProbeDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(failedProbes, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delay, cap.TotalMilliseconds));
    }
}
