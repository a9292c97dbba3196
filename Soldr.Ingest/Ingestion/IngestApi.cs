using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Requests;

namespace Soldr.Ingest.Ingestion;

public static class IngestApi
{
    public const string RequestIdHeader = "Soldr-Request-Id";

    /// <summary>
    /// Any method, any path, on <c>&lt;name&gt;.&lt;base-domain&gt;</c> or under <c>/w/&lt;name&gt;/</c>. The host form
    /// has the lowest order so that on a webhook host even <c>/health</c> belongs to the webhook.
    /// </summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var baseDomain = endpoints.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.BaseDomain;

        endpoints.Map("/{**path}", IngestByHost)
            .RequireHost($"*.{baseDomain}")
            .WithOrder(-1)
            .WithName("IngestByHost")
            .WithSummary("Saves a webhook sent to <name>.<base-domain>");

        endpoints.Map("/w/{name}/{**rest}", IngestByPath)
            .WithName("IngestByPath")
            .WithSummary("Saves a webhook sent to /w/<name>/...");

        return endpoints;
    }

    private static Task<Results<Accepted<IngestReceipt>, ProblemHttpResult>> IngestByHost(
        HttpContext context, RequestCapture capture, RequestStore store, WakeUpPublisher wakeUp,
        IOptions<IngestOptions> options, ILogger<IngestReceipt> logger)
    {
        var name = WebhookAddress.FromHost(context.Request.Host.Host, options.Value.BaseDomain);
        return name is null
            ? Task.FromResult<Results<Accepted<IngestReceipt>, ProblemHttpResult>>(UnknownAddress(context))
            : SaveAsync(context, name, context.Request.Path.Value ?? "/", capture, store, wakeUp, logger);
    }

    private static Task<Results<Accepted<IngestReceipt>, ProblemHttpResult>> IngestByPath(
        HttpContext context, string name, string? rest, RequestCapture capture, RequestStore store,
        WakeUpPublisher wakeUp, ILogger<IngestReceipt> logger)
    {
        var webhook = WebhookAddress.FromPathSegment(name);
        return webhook is null
            ? Task.FromResult<Results<Accepted<IngestReceipt>, ProblemHttpResult>>(UnknownAddress(context))
            : SaveAsync(context, webhook, "/" + rest, capture, store, wakeUp, logger);
    }

    private static async Task<Results<Accepted<IngestReceipt>, ProblemHttpResult>> SaveAsync(
        HttpContext context, string webhook, string path, RequestCapture capture, RequestStore store,
        WakeUpPublisher wakeUp, ILogger logger)
    {
        IncomingRequest request;
        try
        {
            request = await capture.CaptureAsync(context, webhook, path, context.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            Log.RequestRejected(logger, webhook, ex.StatusCode, ex.Message);
            return TypedResults.Problem(statusCode: ex.StatusCode, detail: ex.Message);
        }

        try
        {
            await store.SaveAsync(request, context.RequestAborted);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Not acknowledged, so nothing is lost: the sender sees 503 and retries.
            Log.SaveFailed(logger, request.Id, webhook, ex.Message);
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Storage unavailable",
                detail: "The request could not be saved; retry later.");
        }

        wakeUp.RequestSaved();
        Log.RequestSaved(logger, request.Id, webhook, request.Method, request.Body.Length);
        context.Response.Headers[RequestIdHeader] = request.Id.ToString();
        return TypedResults.Accepted((string?)null, new IngestReceipt(request.Id));
    }

    private static ProblemHttpResult UnknownAddress(HttpContext context) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Not a webhook address",
            detail: $"'{context.Request.Host}{context.Request.Path}' does not address a webhook.");
}
