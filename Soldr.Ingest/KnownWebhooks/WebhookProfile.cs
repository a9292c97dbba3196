using Soldr.Client.Contracts;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// What ingest needs of a webhook to take a request: the status it answers with, how requests are
/// verified and what a failure does, where the event key is, where the event type is, and how many
/// requests it takes. <see cref="Unreadable"/> marks settings
/// that could not be read: requests for it are refused rather than taken unchecked.
/// </summary>
internal sealed record WebhookProfile(
    int ResponseStatus,
    VerificationSettings? Verification = null,
    bool FlagFailures = false,
    EventKeyRule? EventKey = null,
    RequestValue? EventType = null,
    IReadOnlyList<RateWindow>? IngestLimits = null,
    bool Unreadable = false)
{
    public const int DefaultStatus = StatusCodes.Status202Accepted;

    /// <summary>A webhook that chose nothing, and any name that is not a webhook.</summary>
    public static readonly WebhookProfile Default = new(DefaultStatus);
}

/// <summary>Where a request's event key is, and how long after the first a repeat is one.</summary>
internal sealed record EventKeyRule(RequestValue Source, TimeSpan Window);
