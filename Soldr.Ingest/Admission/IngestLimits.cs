using System.Globalization;
using Microsoft.Extensions.Options;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;
using Soldr.Ingest.Addressing;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.Ingestion;
using Soldr.Ingest.KnownWebhooks;

namespace Soldr.Ingest.Admission;

/// <summary>
/// Which ingest limit a request falls under (its webhook's own, or, for a name that is not a webhook, its
/// source address's), and the 429 it gets when over. Checked before the body is read: a refused request
/// costs a Redis round trip and nothing else. The answer is the same whichever limit refused it, so it
/// does not tell which names exist.
/// </summary>
internal sealed class IngestLimits(
    IngestRateLimiter limiter,
    WebhookProfiles webhooks,
    OriginResolver origins,
    IngestMetrics metrics,
    RefusalReports refusals,
    IOptions<IngestOptions> options,
    ILogger<IngestLimits> logger)
{
    /// <summary>The 429 to answer with, or null when the request may be read.</summary>
    public async ValueTask<IResult?> CheckAsync(HttpContext context, string webhook, WebhookProfile profile)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(profile);
        IReadOnlyList<RateWindow> windows;
        string key, limited;
        string? source = null;
        if (profile.IngestLimits is { } own)
        {
            (windows, key, limited) = (own, $"webhook:{webhook}", $"webhook '{webhook}'");
        }
        else if (options.Value.UnknownWebhookLimits is { Count: > 0 } unknown && !webhooks.Knows(webhook))
        {
            source = origins.Resolve(context).Address ?? "unknown";
            (windows, key, limited) = (unknown, $"unknown:{source}", "names that are not webhooks, per source");
        }
        else
        {
            return null;
        }

        if (await limiter.TryAcquireAsync(key, windows) is not { } wait)
        {
            return null;
        }

        metrics.Limited();
        if (refusals.Limited.Add(key, out var count))
        {
            Log.IngestLimited(logger, count, $"{limited}: {RateWindowRules.Describe(windows)}", source ?? origins.Resolve(context).Address ?? "unknown");
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"More requests arrived than this address takes; the request was not saved. Retry in {seconds} s.");
    }
}
