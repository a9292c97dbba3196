using Soldr.Client.Contracts;

namespace Soldr.Core.Webhooks;

/// <summary>The limits on a list of <see cref="RateWindow"/>s; each failure starts with the key at fault.</summary>
public static class RateWindowRules
{
    public const int MaxWindows = 4;
    public const int MaxCount = 1_000_000;
    public static readonly TimeSpan MinPer = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxPer = TimeSpan.FromDays(1);

    /// <param name="key">The list's key, e.g. <c>Soldr:Webhooks:shop:IngestLimits</c>.</param>
    public static void Check(List<RateWindow>? windows, string key, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (windows is null)
        {
            return;
        }

        if (windows.Count is 0 or > MaxWindows)
        {
            failures.Add($"{key} must list 1 to {MaxWindows} windows, or be left out for no limit.");
        }

        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Count is < 1 or > MaxCount)
            {
                failures.Add($"{key}:{i}:Count must be between 1 and {MaxCount}.");
            }

            if (windows[i].Per < MinPer || windows[i].Per > MaxPer)
            {
                failures.Add($"{key}:{i}:Per must be between 00:00:01 and 1.00:00:00.");
            }
        }
    }

    /// <summary>The windows in words: <c>3 per 6 s and 100 per 1 h</c>.</summary>
    public static string Describe(IEnumerable<RateWindow> windows) =>
        string.Join(" and ", windows.Select(w => $"{w.Count} per {Span(w.Per)}"));

    private static string Span(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => FormattableString.Invariant($"{span.TotalHours:0} h"),
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => FormattableString.Invariant($"{span.TotalMinutes:0} min"),
        _ => FormattableString.Invariant($"{span.TotalSeconds:0.###} s"),
    };
}
