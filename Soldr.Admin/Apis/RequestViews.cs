using Soldr.Client.Contracts;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>A request as the API shows it: bodies as text and base64, URLs without credentials.</summary>
internal static class RequestViews
{
    public static RequestDetailView Detail(RequestRecord request) => new(
        request.Id, request.Webhook, request.State, request.Outcome, request.ReceivedAt, request.Method, request.Path, request.Query,
        ApiShapes.Pairs(request.Headers), ApiShapes.AsText(request.Body), Convert.ToBase64String(request.Body), request.SourceAddress,
        [.. request.Revisions.Select(v => new RevisionView(
            v.Number, v.CreatedAt, v.Method, ApiShapes.Pairs(v.Headers), ApiShapes.AsText(v.Body), Convert.ToBase64String(v.Body),
            v.DestinationUrl is null ? null : UrlCredentials.Redact(v.DestinationUrl)))],
        [.. request.Deliveries.Select(d => new DeliveryDetailView(
            d.Id, d.DestinationId, UrlCredentials.Redact(d.Destination), d.State, d.InFlight, d.AttemptCount, d.NextAttemptAt,
            [.. d.Attempts.Select(a => new AttemptDetailView(
                a.Number, a.Revision, a.StartedAt, a.DurationMs, a.StatusCode, a.ErrorKind, a.ErrorMessage,
                a.ResponseHeaders is null ? null : ApiShapes.Pairs(a.ResponseHeaders),
                a.ResponseBody is null ? null : ApiShapes.AsText(a.ResponseBody),
                a.Url is null ? null : UrlCredentials.Redact(a.Url)))],
            d.FilteredReason))],
        request.Verification is { } v ? new VerificationView(v.Method, v.Verified, v.Detail) : null,
        request.EventKey,
        request.DuplicateOf,
        request.EventType);

    public static DeliveryChangeView Change(DeliveryChange change) => new(
        change.DeliveryId, change.DestinationId, UrlCredentials.Redact(change.DestinationUrl), change.State, change.Changed,
        change.InFlight);
}
