using System.Globalization;

namespace Soldr.Admin.Components.Parts;

/// <summary>Durations in the words an operator reads at a glance.</summary>
public static class Durations
{
    public static string Ago(TimeSpan elapsed) =>
        elapsed < TimeSpan.Zero ? "in " + Brief(-elapsed)
        : elapsed < TimeSpan.FromSeconds(5) ? "just now"
        : Brief(elapsed) + " ago";

    public static string Brief(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{(int)span.TotalSeconds} s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} min",
        { TotalHours: < 48 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} days",
    };

    public static string Milliseconds(double? ms) => ms switch
    {
        null => "—",
        < 1000 => ms.Value.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        _ => (ms.Value / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s",
    };
}
