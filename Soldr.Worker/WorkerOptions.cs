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

    /// <summary>
    /// Deliveries sent at the same time to one destination by this worker, so a slow or hanging
    /// destination holds at most this many slots and the rest keep moving.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrencyPerDestination { get; set; } = 16;

    /// <summary>
    /// How long a claimed delivery stays ours. A send whose timeout is longer renews its lease first, so
    /// no second worker can claim it while it is being sent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// On shutdown, how long sends in flight may take to finish; the rest are cancelled and handed
    /// back to the queue at once rather than waiting for their leases to expire.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:45")]
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often this worker refreshes its row in the <c>workers</c> table.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Response bodies are kept up to this many bytes.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBodyBytes { get; set; } = 64 * 1024;
}
