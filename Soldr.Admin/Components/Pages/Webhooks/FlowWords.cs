using System.Globalization;
using Soldr.Admin.Components.Parts;
using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>A destination's flow control and circuit in the words the webhook card shows.</summary>
public static class FlowWords
{
    /// <summary>What limits or orders its sends, e.g. <c>10/s</c>, <c>300/min</c>, <c>5 s apart</c>, <c>sequential</c>; none when nothing does.</summary>
    public static IReadOnlyList<string> Settings(DestinationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parts = new List<string>();
        if (settings.RateLimit?.PerSecond is { } second)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{second:N0}/s"));
        }

        if (settings.RateLimit?.PerMinute is { } minute)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{minute:N0}/min"));
        }

        if (settings.RateLimit?.MinInterval is { } gap)
        {
            parts.Add($"{Gap(gap)} apart");
        }

        if (settings.Ordering == DeliveryOrdering.Sequential)
        {
            parts.Add("sequential");
        }

        if (settings.Circuit?.Enabled == false)
        {
            parts.Add("no circuit breaker");
        }

        return parts;
    }

    /// <summary>Who opened a circuit: its failures, or the operator the audit log names.</summary>
    public static string OpenedBy(CircuitView circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return circuit.OpenedBy is null or "failures" ? "its failures" : circuit.OpenedBy;
    }

    /// <summary>Why it opened, unless that only repeats who opened it.</summary>
    public static string? Reason(CircuitView circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return string.IsNullOrWhiteSpace(circuit.Reason) || circuit.Reason == $"opened by {circuit.OpenedBy}" ? null : circuit.Reason;
    }

    public static string Count(long count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? one : many)}");

    // Exact for the short gaps rate limits use; a whole minute or more reads as minutes and hours.
    private static string Gap(TimeSpan gap) => gap switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{gap.TotalMilliseconds:0.###} ms"),
        { TotalSeconds: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{gap.TotalSeconds:0.###} s"),
        _ when gap.Ticks % TimeSpan.TicksPerMinute == 0 => Durations.Brief(gap),
        _ => gap.ToString("c", CultureInfo.InvariantCulture),
    };
}
