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
    private const string Authorization = "Authorization";

    /// <summary>
    /// Returns why the delivery is refused, or null with <paramref name="message"/> to send.
    /// <paramref name="url"/> is the URL built for it either way, without user-info. <paramref name="attemptAt"/>
    /// is the attempt's time: the signature's timestamp, and whether a rotated-out key still signs.
    /// </summary>
    public static string? TryCreate(
        DeliveryWork work,
        DestinationUrl destination,
        DateTimeOffset attemptAt,
        out HttpRequestMessage? message,
        out string url)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(destination);
        message = null;
        url = destination.Build(work.Path, work.Query, work.Policy.AppendPath);
        var outbound = work.Policy.Outbound ?? OutboundTrust.None;
        var refusal = destination.Check(url, out var uri)
            ?? CheckMethod(work)
            ?? StoredHeaders.Check(work.Headers)
            ?? outbound.Refusal
            ?? DestinationHeaders.Check(outbound.Headers);
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

        // Soldr signs unless the destination keeps the Standard Webhooks headers a provider sent itself.
        var signing = outbound.KeepProviderHeaders && StandardWebhookHeaders.AnyIn(work.Headers) ? null : outbound.Signing;
        var authorization = AuthorizationFor(outbound, destination);
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
                || outbound.HasHeader(name)
                || (signing is not null && StandardWebhookHeaders.Contains(name))
                || (authorization is not null && name.Equals(Authorization, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            Add(message, content, name, value);
        }

        foreach (var (name, value) in outbound.Headers)
        {
            Add(message, content, name, value);
        }

        AddSoldrHeaders(message, work, authorization, host);
        if (signing is not null)
        {
            StandardWebhookHeaders.Sign(message.Headers, work.RequestId.ToString(), attemptAt, work.Body, signing.At(attemptAt));
        }
        else if (!message.Headers.NonValidated.Contains(SoldrHeaders.WebhookId))
        {
            // Stable across retries, so receivers can de-duplicate. A provider that follows Standard Webhooks
            // already sends its own webhook-id and signs over it; that one is kept untouched.
            message.Headers.TryAddWithoutValidation(SoldrHeaders.WebhookId, work.RequestId.ToString());
        }

        return null;
    }

    /// <summary>
    /// The Authorization Soldr writes, from the first of: the destination's Headers:Authorization (written
    /// with its other headers, so null here), its BasicAuth, the credentials in its URL. Any of them replaces
    /// the sender's own. Validation allows only one; the order decides for settings stored before it did,
    /// the most explicit first.
    /// </summary>
    private static string? AuthorizationFor(OutboundTrust outbound, DestinationUrl destination) =>
        outbound.HasHeader(Authorization) ? null : outbound.BasicAuthorization ?? destination.Authorization;

    private static void Add(HttpRequestMessage message, HttpContent content, string name, string value)
    {
        if (!HeaderLines.TryAdd(message.Headers, name, value))
        {
            HeaderLines.TryAdd(content.Headers, name, value);
        }
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

    private static void AddSoldrHeaders(HttpRequestMessage message, DeliveryWork work, string? authorization, string? host)
    {
        var headers = message.Headers;
        headers.TryAddWithoutValidation(SoldrHeaders.RequestId, work.RequestId.ToString());
        headers.TryAddWithoutValidation(
            SoldrHeaders.Attempt, work.AttemptNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Credentials in the destination's settings or URL go as a header: a URL is logged and shown, a header is not.
        if (authorization is not null)
        {
            headers.TryAddWithoutValidation(Authorization, authorization);
        }

        ForwardingHeaders.Add(headers, work.SourceAddress, host, work.Scheme);
    }
}
