using System.ComponentModel.DataAnnotations;

namespace Soldr.Admin.Security.Sessions;

/// <summary>Section <c>Soldr:Admin:Sessions</c>: how long a management UI session lasts.</summary>
public sealed class UiSessionOptions : IValidatableObject
{
    public const string Section = "Soldr:Admin:Sessions";

    /// <summary>A session not used for this long ends; each page load moves it forward.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ParseLimitsInInvariantCulture = true,
        ErrorMessage = "Soldr:Admin:Sessions:SlidingLifetime must be between 00:01:00 and 30.00:00:00.")]
    public TimeSpan SlidingLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after sign-in, however much it is used.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00", ParseLimitsInInvariantCulture = true,
        ErrorMessage = "Soldr:Admin:Sessions:AbsoluteLifetime must be between 00:01:00 and 90.00:00:00.")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often an open page checks that its session is still alive, and goes back to sign-in if not.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true,
        ErrorMessage = "Soldr:Admin:Sessions:RevalidationInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SlidingLifetime > AbsoluteLifetime)
        {
            yield return new ValidationResult(
                "Soldr:Admin:Sessions:SlidingLifetime must not be longer than Soldr:Admin:Sessions:AbsoluteLifetime.",
                [nameof(SlidingLifetime)]);
        }
    }
}
