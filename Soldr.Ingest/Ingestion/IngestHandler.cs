using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Checks;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.KnownWebhooks;
using Soldr.Ingest.Saving;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// Captures a request, checks it against its webhook's profile, waits until it is kept durably (PostgreSQL
/// or spool), and answers: the webhook's status with the id (the first request's, for a repeat of an
/// event), or 503 when it could be kept nowhere. Every refusal (unknown webhook, no memory for the body,
/// too large, failed verification) comes before the request is acknowledged, never after.
/// </summary>
internal sealed class IngestHandler(
    RequestCapture capture,
    GroupCommitWriter writer,
    WebhookProfiles webhooks,
    RequestChecks checks,
    IngestLimits limits,
    BodyMemoryBudget budget,
    RefusalReports refusals,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<IngestHandler> logger)
{
    private readonly string _retryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    public async Task<IResult> SaveAsync(HttpContext context, string webhook, string path)
    {
        if (!webhooks.Admits(webhook))
        {
            return UnknownWebhook(webhook);
        }

        var profile = webhooks.For(webhook);
        if (profile.Unreadable)
        {
            return UnreadableSettings(context);
        }

        if (await limits.CheckAsync(context, webhook, profile) is { } limited)
        {
            return limited;
        }

        CapturedRequest captured;
        try
        {
            captured = await capture.CaptureAsync(context, webhook, path, context.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            metrics.Rejected();
            Log.RequestRejected(logger, webhook, ex.StatusCode, ex.Message);
            return TypedResults.Problem(statusCode: ex.StatusCode, detail: ex.Message);
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // The connection broke mid-body (the server's reset exception is an IOException): nothing was
            // kept and nobody is left to answer. Not an error worth a stack trace each time, however many
            // senders do it.
            Log.SenderGone(logger, webhook);
            return TypedResults.Empty;
        }

        if (captured.Request is null)
        {
            return NoRoomForBody(context);
        }

        IncomingRequest? request;
        VerificationOutcome? failure;
        try
        {
            request = checks.Apply(captured.Request, profile, out failure);
        }
        catch
        {
            budget.Release(captured.Reserved);
            throw;
        }

        if (request is null)
        {
            budget.Release(captured.Reserved);
            return Unverified(failure!);
        }

        SaveResult saved;
        try
        {
            // Not cancelled with the request: once queued, the request is written whether or not its sender waits.
            saved = await writer.SaveAsync(request);
        }
        finally
        {
            // The batch is committed or spooled by now (or the request is on stdout): its body is no longer
            // waited for, and this request is answered next.
            budget.Release(captured.Reserved);
        }

        switch (saved.Outcome)
        {
            case SaveOutcome.Saved:
                metrics.Saved();
                break;
            case SaveOutcome.Spooled:
                metrics.Spooled();
                break;
            default:
                metrics.Unavailable();
                Log.RequestUnsaved(logger, request.Id, webhook);
                context.Response.Headers.RetryAfter = _retryAfter;
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Storage unavailable",
                    detail: "The request could not be saved; retry later.");
        }

        Log.RequestSaved(logger, request.Id, webhook, request.Method, request.Body.Length);

        // A repeat is answered exactly as the first was: the provider learns nothing new, and retries stop.
        var id = saved.FirstOfEvent ?? request.Id;
        if (saved.FirstOfEvent is { } first)
        {
            Log.DuplicateSaved(logger, request.Id, webhook, first);
        }

        context.Response.Headers[IngestApi.RequestIdHeader] = id.ToString();
        var status = profile.ResponseStatus;

        // 204 and 205 may not carry a body; the id is still in the header.
        return status is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent
            ? TypedResults.StatusCode(status)
            : TypedResults.Json(new IngestReceipt(id), statusCode: status);
    }

    public IResult UnknownAddress(HttpContext context)
    {
        metrics.Rejected();
        Log.NotAWebhookAddress(logger, LogValues.Truncate($"{context.Request.Host}{context.Request.Path}"));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not a webhook address",
            detail: $"'{context.Request.Host}{context.Request.Path}' does not address a webhook.");
    }

    private ProblemHttpResult Unverified(VerificationOutcome failure)
    {
        metrics.Rejected();
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Verification failed",
            detail: $"The request was not saved: {failure.Detail}.");
    }

    private ProblemHttpResult UnreadableSettings(HttpContext context)
    {
        // Logged by the refresher each time it reads the settings, not once per request.
        metrics.Unavailable();
        context.Response.Headers.RetryAfter = _retryAfter;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Webhook misconfigured",
            detail: "This webhook's settings cannot be read, so its requests cannot be checked; retry later.");
    }

    // The name is a valid DNS label by now: safe to repeat in the answer and the log.
    private ProblemHttpResult UnknownWebhook(string webhook)
    {
        metrics.Rejected();
        if (refusals.UnknownWebhooks.Add(out var refused))
        {
            Log.UnknownWebhooksRefused(logger, refused, webhook);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown webhook",
            detail: $"There is no webhook named '{webhook}'.");
    }

    private ProblemHttpResult NoRoomForBody(HttpContext context)
    {
        metrics.Overloaded();
        if (refusals.BodyMemory.Add(out var refused))
        {
            Log.BodyMemoryFull(logger, refused, budget.Limit);
        }

        context.Response.Headers.RetryAfter = _retryAfter;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too busy",
            detail: "Ingest holds as many request bodies in memory as it may; the request was not read. Retry later.");
    }
}
