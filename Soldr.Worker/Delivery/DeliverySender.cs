using System.Buffers;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery.Network;
using Soldr.Worker.Delivery.Tls;
using Soldr.Worker.Delivery.Urls;

namespace Soldr.Worker.Delivery;

/// <summary>
/// Sends one delivery and describes what happened. It never throws for a destination's failure: a
/// timeout, a refused connection or a 500 are all attempts to record. What Soldr itself will not send (a
/// URL that would leave its destination, a method the destination does not accept, a header that is not
/// a valid line, an address in a blocked network) is a <c>refused</c> attempt, written nowhere. A destination
/// with TLS settings of its own is sent through their client; every other through the shared one.
/// </summary>
internal sealed class DeliverySender(
    IHttpClientFactory clients,
    DestinationUrls destinations,
    DestinationTlsClients tlsClients,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider)
{
    public const string ClientName = "delivery";

    /// <summary>
    /// Sends <paramref name="work"/> within its policy's timeout. Cancelling <paramref name="cancellationToken"/>
    /// abandons the send (an <see cref="OperationCanceledException"/>): that is a shutdown, not an attempt.
    /// </summary>
    public async Task<AttemptRecord> SendAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var settings = options.Value;
        var sendTimeout = work.Policy.Timeout;
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        string? url = null;
        AttemptRecord Failed(string kind, string message) =>
            new(startedAt, timeProvider.GetElapsedTime(started), null, null, null, new AttemptError(kind, message), Url: url);

        if (destinations.Get(work.DestinationUrl) is not { } destination)
        {
            return Failed(AttemptError.Refused, "the destination URL is not an absolute http or https URL");
        }

        if (DeliveryRequest.TryCreate(work, destination, startedAt, out var request, out url) is { } refusal)
        {
            return Failed(AttemptError.Refused, refusal);
        }

        using var message = request!;
        var tls = work.Policy.Outbound?.Tls;
        TlsClient? tlsClient = null;
        if (tls is not null && tlsClients.TryAcquire(tls, out tlsClient) is { } tlsRefusal)
        {
            return Failed(AttemptError.Refused, tlsRefusal);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sendTimeout);
        try
        {
            var client = tlsClient?.Client ?? clients.CreateClient(ClientName);
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadBoundedAsync(response.Content, settings.MaxResponseBodyBytes, timeout.Token);
            var status = (int)response.StatusCode;
            var error = status is >= 200 and < 300 ? null : new AttemptError("http", $"{status} {response.ReasonPhrase}");
            return new AttemptRecord(
                startedAt, timeProvider.GetElapsedTime(started), status, ResponseHeaders(response), body, error, RetryAfter(response), url);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed("timeout", $"no response within {sendTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex) when (ex.InnerException is RefusedAddressException refused)
        {
            return Failed(AttemptError.Refused, refused.Message);
        }
        catch (HttpRequestException ex) when (TlsFailures.Describe(ex, message, tls?.ClientCertificate is not null) is { } failure)
        {
            return Failed("tls", failure);
        }
        catch (HttpRequestException ex)
        {
            var kind = ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "dns",
                HttpRequestError.ConnectionError => "connect",
                HttpRequestError.SecureConnectionError => "tls",
                _ => "other",
            };
            return Failed(kind, ErrorMessages.WithCause(ex));
        }
        catch (IOException ex)
        {
            // The connection broke while the response body was being read (HttpIOException and the like).
            return Failed("connect", ErrorMessages.WithCause(ex));
        }
        finally
        {
            tlsClient?.Release();
        }
    }

    /// <summary>The wait a 429 or 503 asked for, as a delay or a date; other statuses do not set it.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date - timeProvider.GetUtcNow());
        return wait > TimeSpan.Zero ? wait : null;
    }

    private static List<KeyValuePair<string, string>> ResponseHeaders(HttpResponseMessage response)
    {
        // Unparsed, so each header is kept as the destination sent it (the typed view splits a Server or
        // User-Agent header into its product tokens).
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value));
            }
        }

        return headers;
    }

    /// <summary>
    /// Reads the response body up to <paramref name="limit"/> bytes. The buffer grows with what arrives,
    /// so the common short answer ("ok") does not cost a limit-sized allocation on every attempt, and the
    /// chunk it reads into is pooled: thousands of sends a second would otherwise each leave 8 kB behind.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream((int)Math.Min(content.Headers.ContentLength ?? 0, limit));
        var chunk = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 8192));
        try
        {
            int read;
            while (body.Length < limit && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - body.Length)), cancellationToken)) > 0)
            {
                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.ToArray();
    }
}
