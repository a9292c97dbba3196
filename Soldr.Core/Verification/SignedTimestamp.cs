using System.Globalization;

namespace Soldr.Core.Verification;

/// <summary>
/// The Unix timestamp a provider signs beside the body, which stops a captured request being replayed later.
/// </summary>
internal static class SignedTimestamp
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whole seconds since 1970 written as digits only; no sign, so the distance from now cannot overflow.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long seconds) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);

    /// <summary>
    /// Whether <paramref name="seconds"/> is within the tolerance of <paramref name="now"/>, and if not, how far off.
    /// </summary>
    public static bool IsFresh(long seconds, DateTimeOffset now, TimeSpan? tolerance, out string problem)
    {
        var allowed = (long)(tolerance ?? DefaultTolerance).TotalSeconds;
        var age = now.ToUnixTimeSeconds() - seconds;
        problem = age > allowed
            ? $"timestamp {age} s old, tolerance {allowed} s"
            : -age > allowed
                ? $"timestamp {-age} s in the future, tolerance {allowed} s"
                : string.Empty;
        return problem.Length == 0;
    }
}
