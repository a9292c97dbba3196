using Soldr.Core.Webhooks;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>
/// A secret as the form edits it: the API shows a stored one as <c>***</c>, which the form keeps out of the
/// input. Left empty, a stored secret is kept (sent back as <c>***</c>); typed, it is replaced.
/// </summary>
public sealed class SecretField
{
    public bool Stored { get; private set; }

    public string Typed { get; set; } = string.Empty;

    public static SecretField From(string? shown) => new() { Stored = shown == SettingsSecrets.Marker };

    /// <summary>What the API is sent: the new secret, the marker for the stored one, or null for none.</summary>
    public string? Value => Typed.Length > 0 ? Typed : Stored ? SettingsSecrets.Marker : null;

    public string Placeholder => Stored ? "stored; type to replace" : string.Empty;
}
