namespace Soldr.Core.Webhooks;

/// <summary>A destination's own settings, stored as JSON in <c>destinations.settings</c>; they override its webhook's.</summary>
public sealed class DestinationSettings
{
    public RetrySettings? Retry { get; set; }

    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Whether the sub-path and query the provider used are appended to the destination URL (the
    /// default). Off, every request goes to the destination URL exactly as written.
    /// </summary>
    public bool? AppendPath { get; set; }
}
