using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Client.Contracts;
using Soldr.Core.Management;
using Soldr.Core.Signing;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// A destination's Standard Webhooks signing secret: generated or given, shown once, rotated with an overlap
/// during which attempts carry a signature with each secret, so receivers can switch without a gap.
/// </summary>
internal static class SigningSecrets
{
    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(24);
    private static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);

    /// <summary>The secrets a write generated, by destination, for its answer; null when it generated none.</summary>
    public static IReadOnlyList<SigningSecretView>? Shown(WebhookRecord webhook, List<(string Url, string Secret)> generated) =>
        generated.Count == 0
            ? null
            : [.. generated.Select(g => new SigningSecretView(
                webhook.Destinations.Single(d => string.Equals(d.Url, g.Url, StringComparison.Ordinal)).Id,
                UrlCredentials.Redact(g.Url),
                g.Secret))];

    public static async Task<Results<Ok<SigningSecretView>, ValidationProblem, NotFound>> RotateAsync(
        string name, long destinationId, SigningRotation rotation, WebhookAdminStore store, AuditLog audit, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (rotation.Secret is { } given && StandardWebhookSecret.TryReadKey(given) is null)
        {
            errors["secret"] = [$"The secret must be {StandardWebhookSecret.Rule}."];
        }

        if (rotation.Overlap is { } overlap && (overlap < TimeSpan.Zero || overlap > MaxOverlap))
        {
            errors["overlap"] = ["The overlap must be between zero and 30 days."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await store.FindAsync(name, cancellationToken) is not { } webhook
            || webhook.Destinations.FirstOrDefault(d => d.Id == destinationId) is not { } destination)
        {
            return TypedResults.NotFound();
        }

        var now = time.GetUtcNow();
        var settings = SettingsJson.Deserialize<DestinationSettings>(destination.Settings);
        var signing = settings.Signing ?? new SigningSettings();
        var secret = rotation.Secret ?? StandardWebhookSecret.Generate();
        var keep = rotation.Overlap ?? DefaultOverlap;
        var overlapping = signing.Secret is not null && keep > TimeSpan.Zero;
        signing.PreviousSecret = overlapping ? signing.Secret : null;
        signing.PreviousExpiresAt = overlapping ? now + keep : null;
        signing.Secret = secret;
        signing.Enabled = true;
        settings.Signing = signing;
        if (!await store.SetDestinationSettingsAsync(name, destinationId, SettingsJson.Serialize(settings), now, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var url = UrlCredentials.Redact(destination.Url);
        var detail = overlapping ? $"{url}; the previous secret signs too until {signing.PreviousExpiresAt:u}" : url;
        await audit.WriteAsync(
            new AuditChange("destination.signing-secret-rotated", name, detail, ApiShapes.Actor(context)), cancellationToken);
        return TypedResults.Ok(new SigningSecretView(destinationId, url, secret, signing.PreviousExpiresAt));
    }
}
