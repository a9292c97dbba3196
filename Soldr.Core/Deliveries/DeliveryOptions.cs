using System.ComponentModel.DataAnnotations;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Section <c>Soldr:Delivery</c>: the service-wide delivery policy. A webhook's settings override it,
/// and a destination's settings override its webhook's.
/// </summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Soldr:Delivery";

    /// <summary>Delay before the first retry; it doubles with each further retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>No retry waits longer than this, a destination's Retry-After included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Attempts in all, the first included; after the last failure the delivery is failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 15;

    /// <summary>How long one send may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Each retry delay is moved randomly by up to this fraction either way, so retries spread out.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>
    /// Networks deliveries may connect to, beyond what is not blocked: CIDR ranges, addresses or named
    /// sets (<see cref="NetworkRanges.NamedSets"/>). Checked on the resolved address of every connection.
    /// </summary>
    public List<string> AllowedNetworks { get; } = [];

    /// <summary>
    /// Networks deliveries may not connect to, besides <see cref="NetworkRanges.BlockedByDefault"/>. Where
    /// rules overlap, the most specific range decides; at equal length an operator's rule beats a built-in
    /// one, and a block beats an allow.
    /// </summary>
    public List<string> BlockedNetworks { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult(
                $"{Section}:MaxRetryDelay must not be shorter than {Section}:FirstRetryDelay.", [nameof(MaxRetryDelay)]);
        }

        foreach (var failure in CheckNetworks(nameof(AllowedNetworks), AllowedNetworks).Concat(CheckNetworks(nameof(BlockedNetworks), BlockedNetworks)))
        {
            yield return failure;
        }
    }

    private static IEnumerable<ValidationResult> CheckNetworks(string key, List<string> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (NetworkRanges.Parse(entries[i]) is null)
            {
                yield return new ValidationResult(
                    $"{Section}:{key}:{i} ('{entries[i]}') is not a CIDR range (e.g. 10.0.0.0/8, with no bits set past the prefix), " +
                    $"an address, or one of the named sets {NetworkRanges.Names}.",
                    [key]);
            }
        }
    }
}
