using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker;

/// <summary>Section <c>Soldr:Worker</c>: how this worker takes work from the queue.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Soldr:Worker";

    /// <summary>How often the queue is checked when no wake-up arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests routed, or deliveries claimed, per round trip to PostgreSQL.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Deliveries sent at the same time by this worker.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How long a claimed delivery stays ours; it must exceed the send timeout (checked at start-up).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Per-destination request timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Response bodies are kept up to this many bytes.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBodyBytes { get; set; } = 64 * 1024;
}
