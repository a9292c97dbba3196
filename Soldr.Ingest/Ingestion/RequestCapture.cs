using System.Diagnostics;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Addressing;

namespace Soldr.Ingest.Ingestion;

/// <summary>Turns an HTTP request into the raw record that is saved before the sender is answered.</summary>
internal sealed class RequestCapture(TimeProvider timeProvider, SourceAddress sourceAddress, IOptions<IngestOptions> options)
{
    private const int InitialBufferBytes = 64 * 1024;

    public async Task<IncomingRequest> CaptureAsync(HttpContext context, string webhookName, string path, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var maxBody = options.Value.MaxBodyBytes;

        // Kestrel enforces the limit only once the body is read; a declared length is refused before any buffer exists.
        if (request.ContentLength > maxBody)
        {
            throw new BadHttpRequestException($"The request body is larger than the limit of {maxBody} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        var receivedAt = timeProvider.GetUtcNow();

        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        // Grown as bytes arrive: a declared length alone does not earn a large buffer.
        using var body = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, InitialBufferBytes));
        await request.Body.CopyToAsync(body, cancellationToken);

        var (traceParent, traceState) = TraceContext(request);
        return new IncomingRequest(
            Id: Guid.CreateVersion7(receivedAt),
            WebhookName: webhookName,
            ReceivedAt: receivedAt,
            Method: request.Method,
            Path: path,
            Query: request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
            Headers: headers,
            Body: body.ToArray(),
            SourceAddress: sourceAddress.Resolve(context),
            TraceParent: traceParent,
            TraceState: traceState);
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
