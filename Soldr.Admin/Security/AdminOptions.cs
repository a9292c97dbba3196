using System.ComponentModel.DataAnnotations;

namespace Soldr.Admin.Security;

/// <summary>Section <c>Soldr:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Soldr:Admin";

    /// <summary>The shared secret every management API call must present as a bearer token.</summary>
    [Required(ErrorMessage = "Soldr:Admin:Secret is missing: set the management API's shared secret (at least 32 characters).")]
    [MinLength(32, ErrorMessage = "Soldr:Admin:Secret is too short: use at least 32 characters.")]
    public string Secret { get; set; } = string.Empty;

    /// <summary>Name of the Kestrel endpoint (<c>Kestrel:Endpoints:&lt;name&gt;</c>) that serves the management API.</summary>
    [Required]
    public string ApiEndpoint { get; set; } = "api";
}
