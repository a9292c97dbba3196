using Soldr.Core.Deliveries;
using Soldr.Core.Http;
using Soldr.Worker.Delivery.Headers;
using Soldr.Worker.Delivery.Urls;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Turns a claimed delivery into the HTTP request that goes on the wire, or says why Soldr refuses to
/// send it. Everything stored is checked before anything is written: the URL stays inside its
/// destination, the method is a token the destination accepts, every header is a valid line.
/// </summary>
internal static class DeliveryRequest
{
    /// <summary>
    /// Returns why the delivery is refused, or null with <paramref name="message"/> to send.
    /// <paramref name="url"/> is the URL built for it either way, without user-info.
    /// </summary>
    public static string? TryCreate(DeliveryWork work, DestinationUrl destination, out HttpRequestMessage? message, out string url)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(destination);
        message = null;
        url = destination.Build(work.Path, work.Query, work.Policy.AppendPath);
        var refusal = destination.Check(url, out var uri)
            ?? CheckMethod(work)
            ?? StoredHeaders.Check(work.Headers);
        if (refusal is not null)
        {
            return refusal;
        }

        // HTTP/1.1 exactly: repeated headers are written as further lines (HeaderLines), which HTTP/2 would
        // take for a malformed field.
        message = new HttpRequestMessage(new HttpMethod(work.Method), uri)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var content = new ByteArrayContent(work.Body);

        // A bodiless GET is forwarded without a body rather than with "Content-Length: 0".
        if (work.Body.Length > 0 || !(HttpMethods.IsGet(work.Method) || HttpMethods.IsHead(work.Method)))
        {
            message.Content = content;
        }

        string? host = null;
        var forward = work.Policy.ForwardHeaders;
        foreach (var (name, value) in work.Headers)
        {
            if (host is null && name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                host = value;
            }

            if (HopByHopHeaders.Contains(name)
                || SoldrHeaders.Contains(name)
                || (forward is not null && !forward.Contains(name))
                || (destination.Authorization is not null && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!HeaderLines.TryAdd(message.Headers, name, value))
            {
                HeaderLines.TryAdd(content.Headers, name, value);
            }
        }

        AddSoldrHeaders(message, work, destination, host);
        return null;
    }

    private static string? CheckMethod(DeliveryWork work)
    {
        if (!HeaderRules.IsValidName(work.Method))
        {
            return "the stored method is not a method token (RFC 9110 §9.1)";
        }

        return work.Policy.AllowedMethods is { } allowed && !allowed.Contains(work.Method)
            ? $"the destination accepts only {string.Join(", ", allowed.Order(StringComparer.Ordinal))}, not {work.Method}"
            : null;
    }

    private static void AddSoldrHeaders(HttpRequestMessage message, DeliveryWork work, DestinationUrl destination, string? host)
    {
        var headers = message.Headers;

        // Stable across retries, so receivers can de-duplicate. A provider that follows Standard Webhooks
        // already sends its own webhook-id and signs over it; that one is kept untouched.
        var requestId = work.RequestId.ToString();
        headers.TryAddWithoutValidation(SoldrHeaders.RequestId, requestId);
        if (!headers.NonValidated.Contains(SoldrHeaders.WebhookId))
        {
            headers.TryAddWithoutValidation(SoldrHeaders.WebhookId, requestId);
        }

        headers.TryAddWithoutValidation(SoldrHeaders.Attempt, work.AttemptNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Credentials in the destination's URL go as a header: a URL is logged and shown, a header is not.
        if (destination.Authorization is { } authorization)
        {
            headers.TryAddWithoutValidation("Authorization", authorization);
        }

        ForwardingHeaders.Add(headers, work.SourceAddress, host, work.Scheme);
    }
}
