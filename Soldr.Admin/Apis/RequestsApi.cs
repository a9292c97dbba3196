using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Admin.Security;
using Soldr.Core.Requests;

namespace Soldr.Admin.Apis;

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/requests")
            .AddEndpointFilter<ManagementApiOnly>()
            .WithTags("Requests");

        api.MapGet("/{id:guid}", GetRequest)
            .WithName("GetRequest")
            .WithSummary("A saved request with its deliveries and every attempt");

        return api;
    }

    private static async Task<Results<Ok<RequestView>, NotFound>> GetRequest(Guid id, RequestQueries queries, CancellationToken cancellationToken)
    {
        var details = await queries.FindAsync(id, cancellationToken);
        return details is null ? TypedResults.NotFound() : TypedResults.Ok(RequestView.From(details));
    }
}

/// <summary>
/// The JSON shape of a request. Bodies are shown as text when they are valid UTF-8 and always as
/// base64, so binary payloads are never mangled.
/// </summary>
public sealed record RequestView(
    Guid Id, string Webhook, string State, DateTimeOffset ReceivedAt, string Method, string Path, string Query,
    IReadOnlyList<string[]> Headers, string? Body, string BodyBase64, string? SourceAddress,
    IReadOnlyList<DeliveryView> Deliveries)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RequestView From(RequestDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new RequestView(
            details.Id, details.Webhook, details.State, details.ReceivedAt, details.Method, details.Path, details.Query,
            Pairs(details.Headers)!, AsText(details.Body), Convert.ToBase64String(details.Body), details.SourceAddress,
            [.. details.Deliveries.Select(d => new DeliveryView(
                d.Id, d.Destination, d.State, d.AttemptCount, d.NextAttemptAt,
                [.. d.Attempts.Select(a => new AttemptView(
                    a.Number, a.StartedAt, a.DurationMs, a.StatusCode, a.ErrorKind, a.ErrorMessage,
                    Pairs(a.ResponseHeaders), a.ResponseBody is null ? null : AsText(a.ResponseBody)))]))]);
    }

    internal static string? AsText(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static List<string[]>? Pairs(IReadOnlyList<KeyValuePair<string, string>>? headers) =>
        headers?.Select(h => new[] { h.Key, h.Value }).ToList();
}

public sealed record DeliveryView(
    Guid Id, string Destination, string State, int AttemptCount, DateTimeOffset? NextAttemptAt, IReadOnlyList<AttemptView> Attempts);

public sealed record AttemptView(
    int Number, DateTimeOffset StartedAt, double DurationMs, int? StatusCode, string? ErrorKind, string? ErrorMessage,
    IReadOnlyList<string[]>? ResponseHeaders, string? ResponseBody);
