using System.Globalization;
using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>The webhook form's inbound checks: verification and de-duplication.</summary>
public sealed class VerificationFields
{
    public static readonly string[] Kinds = ["stripe", "github", "shopify", "standard-webhooks", "hmac", "bearer", "basic"];

    public string Kind { get; set; } = string.Empty;

    public SecretField Secret { get; set; } = new();

    public SecretField PreviousSecret { get; set; } = new();

    public string Header { get; set; } = string.Empty;

    public string Algorithm { get; set; } = string.Empty;

    public string Encoding { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public double? ToleranceSeconds { get; set; }

    public string OnFailure { get; set; } = "reject";

    public string AllowedNetworks { get; set; } = string.Empty;

    public string AllowedOrigins { get; set; } = string.Empty;

    /// <summary><c>header</c>, <c>jsonPath</c> or empty for no de-duplication.</summary>
    public string KeySource { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    public double? WindowHours { get; set; }

    public static VerificationFields From(WebhookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var v = settings.Verification;
        var d = settings.Deduplication;
        return new VerificationFields
        {
            Kind = v?.Kind ?? string.Empty,
            Secret = SecretField.From(v?.Secret),
            PreviousSecret = SecretField.From(v?.PreviousSecret),
            Header = v?.Header ?? string.Empty,
            Algorithm = v?.Algorithm ?? string.Empty,
            Encoding = v?.Encoding ?? string.Empty,
            Prefix = v?.Prefix ?? string.Empty,
            ToleranceSeconds = v?.Tolerance?.TotalSeconds,
            OnFailure = v?.OnFailure ?? "reject",
            AllowedNetworks = string.Join('\n', v?.AllowedNetworks ?? []),
            AllowedOrigins = string.Join('\n', v?.AllowedOrigins ?? []),
            KeySource = d?.Header is not null ? "header" : d?.JsonPath is not null ? "jsonPath" : string.Empty,
            Key = d?.Header ?? d?.JsonPath ?? string.Empty,
            WindowHours = d?.Window?.TotalHours,
        };
    }

    public VerificationSettings? ToVerification()
    {
        var networks = Lines(AllowedNetworks);
        var origins = Lines(AllowedOrigins);
        if (Kind.Length == 0 && networks is null && origins is null)
        {
            return null;
        }

        var kind = Kind.Length == 0 ? null : Kind;
        return new VerificationSettings
        {
            Kind = kind,
            Secret = kind is null ? null : Secret.Value,
            PreviousSecret = kind is null ? null : PreviousSecret.Value,
            Header = Text(Header),
            Algorithm = Text(Algorithm),
            Encoding = Text(Encoding),
            Prefix = Text(Prefix),
            Tolerance = ToleranceSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            OnFailure = OnFailure == "reject" ? null : OnFailure,
            AllowedNetworks = networks,
            AllowedOrigins = origins,
        };
    }

    public DeduplicationSettings? ToDeduplication() => KeySource.Length == 0
        ? null
        : new DeduplicationSettings
        {
            Header = KeySource == "header" ? Key.Trim() : null,
            JsonPath = KeySource == "jsonPath" ? Key.Trim() : null,
            Window = WindowHours is { } hours ? TimeSpan.FromHours(hours) : null,
        };

    public string ToleranceText => ToleranceSeconds?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string>? Lines(string text)
    {
        var lines = text.Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return lines.Count == 0 ? null : lines;
    }
}
