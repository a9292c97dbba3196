using Microsoft.Extensions.Options;
using Soldr.Ingest.Diagnostics;
using Soldr.Ingest.Responses;
using Soldr.Ingest.Saving;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// Captures a request, waits until it is kept durably (PostgreSQL or spool), and answers: the webhook's
/// status with the id, or 503 when it could be kept nowhere.
/// </summary>
internal sealed class IngestHandler(
    RequestCapture capture,
    GroupCommitWriter writer,
    ResponseStatuses statuses,
    IngestMetrics metrics,
    IOptions<IngestOptions> options,
    ILogger<IngestHandler> logger)
{
    public async Task<IResult> SaveAsync(HttpContext context, string webhook, string path)
    {
        Soldr.Core.Requests.IncomingRequest request;
        try
        {
            request = await capture.CaptureAsync(context, webhook, path, context.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            metrics.Rejected();
            Log.RequestRejected(logger, webhook, ex.StatusCode, ex.Message);
            return TypedResults.Problem(statusCode: ex.StatusCode, detail: ex.Message);
        }

        // Not cancelled with the request: once queued, the request is written whether or not its sender waits.
        var outcome = await writer.SaveAsync(request);
        switch (outcome)
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
                context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Storage unavailable",
                    detail: "The request could not be saved; retry later.");
        }

        Log.RequestSaved(logger, request.Id, webhook, request.Method, request.Body.Length);
        context.Response.Headers[IngestApi.RequestIdHeader] = request.Id.ToString();
        var status = statuses.For(webhook);

        // 204 and 205 may not carry a body; the id is still in the header.
        return status is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent
            ? TypedResults.StatusCode(status)
            : TypedResults.Json(new IngestReceipt(request.Id), statusCode: status);
    }

    public IResult UnknownAddress(HttpContext context)
    {
        metrics.Rejected();
        Log.NotAWebhookAddress(logger, Diagnostics.LogValues.Truncate($"{context.Request.Host}{context.Request.Path}"));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not a webhook address",
            detail: $"'{context.Request.Host}{context.Request.Path}' does not address a webhook.");
    }
}
