using Soldr.Client.Contracts;
using Soldr.Core.Json;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>
/// What ingest needs of a webhook to take a request: the status it answers with, how requests are
/// verified and what a failure does, and where the event key is. <see cref="Unreadable"/> marks settings
/// that could not be read: requests for it are refused rather than taken unchecked.
/// </summary>
internal sealed record WebhookProfile(
    int ResponseStatus,
    VerificationSettings? Verification = null,
    bool FlagFailures = false,
    EventKeyRule? EventKey = null,
    bool Unreadable = false)
{
    public const int DefaultStatus = StatusCodes.Status202Accepted;

    /// <summary>A webhook that chose nothing, and any name that is not a webhook.</summary>
    public static readonly WebhookProfile Default = new(DefaultStatus);
}

/// <summary>Where a request's event key is: a header, or a JSON path into the body; and how long a repeat is one.</summary>
internal sealed record EventKeyRule(string? Header, JsonPathValue? JsonPath, TimeSpan Window);
