using System.Diagnostics;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Addressing;
using Soldr.Ingest.Admission;

namespace Soldr.Ingest.Ingestion;

/// <summary>Turns an HTTP request into the raw record that is saved before the sender is answered.</summary>
internal sealed class RequestCapture(
    TimeProvider timeProvider,
    OriginResolver origins,
    BodyMemoryBudget budget,
    IOptions<IngestOptions> options)
{
    /// <summary>
    /// Reads the request within the memory budget. The caller releases <see cref="CapturedRequest.Reserved"/>
    /// once the request is answered. A body over the size limit throws <see cref="BadHttpRequestException"/> (413).
    /// </summary>
    public async ValueTask<CapturedRequest> CaptureAsync(
        HttpContext context, string webhookName, string path, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var maxBody = options.Value.MaxBodyBytes;

        // Kestrel enforces the limit only once the body is read; a declared length is refused before any buffer exists.
        if (request.ContentLength > maxBody)
        {
            throw new BadHttpRequestException($"The request body is larger than the limit of {maxBody} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        var receivedAt = timeProvider.GetUtcNow();
        var body = await RequestBody.ReadAsync(request, budget, cancellationToken);
        if (body.Bytes is null)
        {
            return default;
        }

        // The reservation passes to the caller with the request; should anything fail before that, it is given back.
        try
        {
            var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
            foreach (var (name, values) in request.Headers)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value ?? string.Empty));
                }
            }

            var origin = origins.Resolve(context);
            var (traceParent, traceState) = TraceContext(request);
            var captured = new IncomingRequest(
                Id: Guid.CreateVersion7(receivedAt),
                WebhookName: webhookName,
                ReceivedAt: receivedAt,
                Method: request.Method,
                Path: path,
                Query: request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
                Headers: headers,
                Body: body.Bytes,
                SourceAddress: origin.Address,
                TraceParent: traceParent,
                TraceState: traceState,
                Scheme: origin.Scheme);
            return new CapturedRequest(captured, body.Reserved);
        }
        catch
        {
            budget.Release(body.Reserved);
            throw;
        }
    }

    /// <summary>
    /// The context of ingest's own server span, which already continues the sender's <c>traceparent</c>:
    /// linking delivery spans to it shows the whole path. Without an activity (nothing listening), the
    /// sender's own header is the best there is.
    /// </summary>
    private static (string? TraceParent, string? TraceState) TraceContext(HttpRequest request)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return (activity.Id, activity.TraceStateString);
        }

        return (
            request.Headers.TryGetValue("traceparent", out var parent) ? parent.ToString() : null,
            request.Headers.TryGetValue("tracestate", out var state) ? state.ToString() : null);
    }
}
