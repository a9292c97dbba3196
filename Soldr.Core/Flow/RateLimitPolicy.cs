using Soldr.Client.Contracts;

namespace Soldr.Core.Flow;

/// <summary>
/// A destination's rate limit as the worker applies it: at most <see cref="PerSecond"/> sends in any
/// second, <see cref="PerMinute"/> in any minute, and <see cref="MinInterval"/> between two sends. Zero: no
/// such limit.
/// </summary>
public sealed record RateLimitPolicy(int PerSecond, int PerMinute, TimeSpan MinInterval)
{
    /// <summary>Null when the settings limit nothing.</summary>
    public static RateLimitPolicy? From(RateLimitSettings? settings) =>
        settings is null || (settings.PerSecond is null && settings.PerMinute is null && settings.MinInterval is null)
            ? null
            : new RateLimitPolicy(settings.PerSecond ?? 0, settings.PerMinute ?? 0, settings.MinInterval ?? TimeSpan.Zero);

    /// <summary>The same limit shared by <paramref name="workers"/> workers that cannot see each other's sends.</summary>
    public RateLimitPolicy SharedBy(int workers) =>
        workers <= 1
            ? this
            : new RateLimitPolicy(
                PerSecond == 0 ? 0 : Math.Max(1, PerSecond / workers),
                PerMinute == 0 ? 0 : Math.Max(1, PerMinute / workers),
                MinInterval * workers);

    /// <summary>In words, for logs and the UI: <c>10 per second, 300 per minute, 00:00:01 apart</c>.</summary>
    public override string ToString() =>
        string.Join(", ", new[]
        {
            PerSecond > 0 ? $"{PerSecond} per second" : null,
            PerMinute > 0 ? $"{PerMinute} per minute" : null,
            MinInterval > TimeSpan.Zero ? $"{MinInterval:c} apart" : null,
        }.OfType<string>());
}
