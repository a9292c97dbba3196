using System.Globalization;
using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>
/// A destination's flow control as the form edits it: rate limits, ordering and its circuit breaker. An empty
/// field is unset, so its default applies; durations are written as .NET writes them: <c>00:00:05</c>,
/// <c>5.00:00:00</c>. A choice left at its default is saved as it was read, so saving unchanged changes nothing.
/// </summary>
public sealed class DestinationFlowFields
{
    private string? _storedOrdering;
    private bool? _storedCircuitEnabled;

    public int? PerSecond { get; set; }

    public int? PerMinute { get; set; }

    public string MinInterval { get; set; } = string.Empty;

    public string Ordering { get; set; } = DeliveryOrdering.Parallel;

    public bool CircuitEnabled { get; set; } = true;

    public int? FailureThreshold { get; set; }

    public double? FailureRatio { get; set; }

    public string RatioWindow { get; set; } = string.Empty;

    public int? MinimumAttempts { get; set; }

    public string ProbeDelay { get; set; } = string.Empty;

    public string DisableAfter { get; set; } = string.Empty;

    public bool IsSet =>
        PerSecond is not null || PerMinute is not null || Filled(MinInterval) || Ordering != DeliveryOrdering.Parallel
        || !CircuitEnabled || FailureThreshold is not null || FailureRatio is not null || Filled(RatioWindow)
        || MinimumAttempts is not null || Filled(ProbeDelay) || Filled(DisableAfter);

    public static DestinationFlowFields From(DestinationSettings? settings) => new()
    {
        _storedOrdering = settings?.Ordering,
        _storedCircuitEnabled = settings?.Circuit?.Enabled,
        PerSecond = settings?.RateLimit?.PerSecond,
        PerMinute = settings?.RateLimit?.PerMinute,
        MinInterval = Text(settings?.RateLimit?.MinInterval),
        Ordering = settings?.Ordering ?? DeliveryOrdering.Parallel,
        CircuitEnabled = settings?.Circuit?.Enabled ?? true,
        FailureThreshold = settings?.Circuit?.FailureThreshold,
        FailureRatio = settings?.Circuit?.FailureRatio,
        RatioWindow = Text(settings?.Circuit?.RatioWindow),
        MinimumAttempts = settings?.Circuit?.MinimumAttempts,
        ProbeDelay = Text(settings?.Circuit?.ProbeDelay),
        DisableAfter = Text(settings?.Circuit?.DisableAfter),
    };

    /// <summary>
    /// The choice to save: <paramref name="chosen"/>, or nothing when it is the default and was not stored
    /// as such, so a setting the operator never touched stays unset.
    /// </summary>
    public static string? Choice(string chosen, string fallback, string? stored) =>
        chosen == fallback && stored != fallback ? null : chosen;

    /// <summary>Writes these fields into <paramref name="settings"/>; a group with nothing set is left out.</summary>
    public void ApplyTo(DestinationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rate = new RateLimitSettings { PerSecond = PerSecond, PerMinute = PerMinute, MinInterval = Duration(MinInterval) };
        settings.RateLimit = rate is { PerSecond: null, PerMinute: null, MinInterval: null } ? null : rate;
        settings.Ordering = Choice(Ordering, DeliveryOrdering.Parallel, _storedOrdering);
        var circuit = new CircuitSettings
        {
            Enabled = CircuitEnabled ? (_storedCircuitEnabled == true ? true : null) : false,
            FailureThreshold = FailureThreshold,
            FailureRatio = FailureRatio,
            RatioWindow = Duration(RatioWindow),
            MinimumAttempts = MinimumAttempts,
            ProbeDelay = Duration(ProbeDelay),
            DisableAfter = Duration(DisableAfter),
        };
        settings.Circuit = circuit is
        {
            Enabled: null, FailureThreshold: null, FailureRatio: null, RatioWindow: null, MinimumAttempts: null, ProbeDelay: null, DisableAfter: null,
        } ? null : circuit;
    }

    /// <summary>Durations that do not read as one, keyed like the API's fields under a destination's settings.</summary>
    public IEnumerable<(string Field, string Message)> Check()
    {
        (string Field, string Text)[] durations =
            [("rateLimit.minInterval", MinInterval), ("circuit.ratioWindow", RatioWindow), ("circuit.probeDelay", ProbeDelay), ("circuit.disableAfter", DisableAfter)];
        foreach (var (field, text) in durations)
        {
            if (Filled(text) && Duration(text) is null)
            {
                yield return (field, $"Write a duration as hh:mm:ss, with days first if any (00:00:05, 5.00:00:00); '{text.Trim()}' is not one.");
            }
        }
    }

    // A colon is required: .NET reads a bare "5" as five days, which is rarely what was meant.
    private static TimeSpan? Duration(string text) =>
        text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var span) ? span : null;

    private static string Text(TimeSpan? span) => span?.ToString("c", CultureInfo.InvariantCulture) ?? string.Empty;

    private static bool Filled(string text) => !string.IsNullOrWhiteSpace(text);
}
