using Soldr.Core.Requests;

namespace Soldr.Ingest.Ingestion;

/// <summary>Turns an HTTP request into the raw record that is saved before the sender is answered.</summary>
internal sealed class RequestCapture(TimeProvider timeProvider)
{
    public async Task<IncomingRequest> CaptureAsync(HttpContext context, string webhookName, string path, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var receivedAt = timeProvider.GetUtcNow();

        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }

        using var body = new MemoryStream(request.ContentLength is long length and > 0 and < int.MaxValue ? (int)length : 0);
        await request.Body.CopyToAsync(body, cancellationToken);

        return new IncomingRequest(
            Id: Guid.CreateVersion7(receivedAt),
            WebhookName: webhookName,
            ReceivedAt: receivedAt,
            Method: request.Method,
            Path: path,
            Query: request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
            Headers: headers,
            Body: body.ToArray(),
            SourceAddress: context.Connection.RemoteIpAddress?.ToString(),
            TraceParent: request.Headers.TryGetValue("traceparent", out var traceParent) ? traceParent.ToString() : null,
            TraceState: request.Headers.TryGetValue("tracestate", out var traceState) ? traceState.ToString() : null);
    }
}
