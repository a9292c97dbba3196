namespace Soldr.Client.Contracts;

/// <summary>
/// A webhook as the management API shows it: its settings, destinations and where providers send to.
/// Secrets in settings read <c>***</c>. <see cref="NewSigningSecrets"/> is only in the answer of the write
/// that generated them: the one time they are shown.
/// </summary>
public sealed record WebhookView(
    string Name,
    bool Enabled,
    WebhookSettings Settings,
    IReadOnlyList<DestinationView> Destinations,
    IReadOnlyList<string> IngestUrls,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SigningSecretView>? NewSigningSecrets = null);

/// <summary>
/// A destination's signing secret, shown once: when generated, or when rotated. Until
/// <see cref="PreviousExpiresAt"/> attempts carry a signature with the previous secret too.
/// </summary>
public sealed record SigningSecretView(long DestinationId, string Url, string Secret, DateTimeOffset? PreviousExpiresAt = null);

/// <summary>
/// The body of <c>POST /api/webhooks/{name}/destinations/{id}/signing-secret</c>: the new secret (generated
/// when left out) and how long the current one keeps signing beside it (24 hours when left out; zero for
/// no overlap).
/// </summary>
public sealed record SigningRotation(string? Secret = null, TimeSpan? Overlap = null);

/// <summary>
/// A destination with its health: <c>healthy</c> (last attempt at its own URL succeeded), <c>failing</c>
/// (it failed, or an alert is open), <c>circuit-open</c> (its deliveries are held by its circuit), or
/// <c>unknown</c> (nothing sent yet); and its waiting deliveries:
/// <see cref="Pending"/> to be sent, <see cref="Held"/> until it and its webhook are enabled.
/// <see cref="Held"/> counts those held by an open circuit too; <see cref="Circuit"/> is its state.
/// <see cref="Url"/> never shows credentials: <c>https://***@host/</c> stands for the stored ones, and
/// sending it back unchanged keeps them.
/// </summary>
public sealed record DestinationView(
    long Id,
    string Url,
    bool Enabled,
    DestinationSettings Settings,
    string Health,
    int? LastStatusCode,
    DateTimeOffset? LastAttemptAt,
    bool AlertOpen,
    long Pending,
    long Held,
    CircuitView? Circuit = null);

/// <summary>
/// The body of <c>POST /api/webhooks</c> and <c>PUT /api/webhooks/{name}</c>. Destinations are matched by URL.
/// Left out, <c>enabled</c> is true, as for a destination: a webhook created without it takes requests.
/// </summary>
public sealed record WebhookInput(
    string Name,
    bool Enabled = true,
    WebhookSettings? Settings = null,
    IReadOnlyList<DestinationInput>? Destinations = null);

public sealed record DestinationInput(string Url, bool Enabled = true, DestinationSettings? Settings = null);
