using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Soldr.ServiceDefaults.Resilience;

/// <summary>Builds the default pipeline for outgoing HTTP calls from <see cref="HttpResilienceOptions"/>.</summary>
public static class ResiliencePipelines
{
    private static readonly HashSet<HttpMethod> ReplayableMethods =
        [HttpMethod.Get, HttpMethod.Head, HttpMethod.Options, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace];

    public static ResiliencePipeline<HttpResponseMessage> CreateHttpPipeline(HttpResilienceOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Context, args.Outcome)),
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>
    /// Transient failures are retried only when repeating the call cannot do something twice: for
    /// methods that are idempotent by definition, or when the connection was refused before anything was
    /// sent. A POST that timed out may already have taken effect, so it is not repeated.
    /// </summary>
    internal static bool IsRetryable(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        var replayable = context.Properties.TryGetValue(ResilienceHandler.RequestKey, out var request)
            && ReplayableMethods.Contains(request.Method);

        if (outcome.Exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } })
        {
            return true;
        }

        if (!replayable)
        {
            return false;
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException
            || outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests };
    }
}
