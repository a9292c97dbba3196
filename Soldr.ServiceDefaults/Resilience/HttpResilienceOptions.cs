using System.ComponentModel.DataAnnotations;

namespace Soldr.ServiceDefaults.Resilience;

/// <summary>
/// The default policy of outgoing HttpClients (section <c>HttpClientDefaults:Resilience</c>). Deliveries
/// to destinations opt out: they have their own retry schedule that is recorded attempt by attempt.
/// </summary>
public sealed class HttpResilienceOptions
{
    public const string Section = "HttpClientDefaults:Resilience";

    /// <summary>Upper bound on one call including its retries.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on each try.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
