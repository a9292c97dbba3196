using System.Net;
using System.Security.Cryptography;
using System.Text;
using Soldr.Core.Requests;
using Soldr.Core.Verification;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.KnownWebhooks;

namespace Soldr.Ingest.Checks;

/// <summary>
/// Applies a webhook's profile to a captured request: verifies it (a failure is refused, or kept flagged
/// when the webhook says so) and reads its event key. Only a request that passed, or whose webhook checks
/// nothing, takes part in de-duplication: a forged request must never make the real one a "duplicate".
/// </summary>
internal sealed class RequestChecks(
    TimeProvider timeProvider, IngestMetrics metrics, RefusalReports refusals, ILogger<RequestChecks> logger)
{
    // A key longer than this is kept as its hash: the key is stored with the request and a body field may be large.
    private const int MaxKeyLength = 512;

    /// <summary>The request as it is to be saved; null when it failed verification and is to be answered 401.</summary>
    public IncomingRequest? Apply(IncomingRequest request, WebhookProfile profile, out VerificationOutcome? failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(profile);
        failure = null;
        if (profile is { Verification: null, EventKey: null, EventType: null })
        {
            return request;
        }

        var eventType = profile.EventType?.Read(request) is { } type ? EventTypes.Clean(type) : null;

        VerificationOutcome? verification = null;
        if (profile.Verification is { } settings)
        {
            var source = IPAddress.TryParse(request.SourceAddress, out var address) ? address : null;
            var result = RequestVerifier.Verify(settings, request.Headers, request.Body.Span, source, timeProvider.GetUtcNow());
            verification = new VerificationOutcome(result.Method, result.Verified, result.Detail);
            request = WithoutCredential(request, settings);
            if (!result.Verified)
            {
                Failed(request.WebhookName, verification, profile.FlagFailures);
                if (!profile.FlagFailures)
                {
                    failure = verification;
                    return null;
                }

                return request with { Verification = verification, EventType = eventType };
            }
        }

        var key = profile.EventKey is { } rule ? ReadKey(rule, request) : null;
        return request with
        {
            Verification = verification,
            Deduplication = key is null ? null : new DeduplicationKey(key, profile.EventKey!.Window),
            EventType = eventType,
        };
    }

    /// <summary>
    /// A token or password the provider authenticates to Soldr with is Soldr's secret, for Soldr alone: it is
    /// not kept with the request, so it is neither shown in the request view nor passed on to destinations.
    /// A signature is not a secret and stays, for a destination that checks it again.
    /// </summary>
    private static IncomingRequest WithoutCredential(IncomingRequest request, Soldr.Client.Contracts.VerificationSettings settings)
    {
        var kind = VerificationKinds.Find(settings.Kind);
        if (kind is not (VerificationKinds.Bearer or VerificationKinds.Basic))
        {
            return request;
        }

        var header = settings.Header ?? Microsoft.Net.Http.Headers.HeaderNames.Authorization;
        return request.Headers.Any(h => h.Key.Equals(header, StringComparison.OrdinalIgnoreCase))
            ? request with { Headers = [.. request.Headers.Where(h => !h.Key.Equals(header, StringComparison.OrdinalIgnoreCase))] }
            : request;
    }

    private void Failed(string webhook, VerificationOutcome outcome, bool flagged)
    {
        metrics.VerificationFailed(webhook, outcome.Method, flagged);
        if (refusals.Unverified.Add(webhook, out var count))
        {
            Log.VerificationFailed(logger, count, webhook, flagged ? "kept unverified" : "rejected", outcome.Method, outcome.Detail);
        }
    }

    private static string? ReadKey(EventKeyRule rule, IncomingRequest request) =>
        rule.Source.Read(request) is not { } key ? null
        : key.Length <= MaxKeyLength ? key
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
