using System.ComponentModel.DataAnnotations;

namespace Soldr.Admin.Security.Limits;

/// <summary>
/// Section <c>Soldr:Admin:FailedAuthentication</c>: how many wrong secrets (sign-ins and API calls
/// together) one client may present in a window before it is refused with 429 until the window ends.
/// </summary>
public sealed class FailedAuthenticationOptions
{
    public const string Section = "Soldr:Admin:FailedAuthentication";

    [Range(1, 1_000_000, ErrorMessage = "Soldr:Admin:FailedAuthentication:MaxFailures must be between 1 and 1000000.")]
    public int MaxFailures { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true,
        ErrorMessage = "Soldr:Admin:FailedAuthentication:Window must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
