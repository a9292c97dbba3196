namespace Soldr.Ingest.Addressing;

/// <summary>The only schemes a request may be recorded with.</summary>
internal static class Schemes
{
    public const string Http = "http";
    public const string Https = "https";

    /// <summary>The scheme in its lower-case form, or null for anything but http and https.</summary>
    public static string? Normalise(string? value) =>
        string.Equals(value, Https, StringComparison.OrdinalIgnoreCase) ? Https
        : string.Equals(value, Http, StringComparison.OrdinalIgnoreCase) ? Http
        : null;
}
