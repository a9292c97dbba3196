using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Soldr.Client.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/requests").AddEndpointFilter<ManagementApiOnly>().WithTags("Requests");
        api.MapGet("/", ListRequests).WithName("ListRequests").WithSummary("Requests newest first, filtered, a page at a time");
        api.MapGet("/{id:guid}", GetRequest).WithName("GetRequest")
            .WithSummary("A saved request with its revisions, its deliveries and every attempt");
        api.MapPut("/{id:guid}", EditRequest).WithName("EditRequest")
            .WithSummary("Adds a revision (method, headers, body, destination) that is sent from now on; the original is kept. "
                + "Re-sends the deliveries named in 'resend', and no others");
        api.MapPost("/{id:guid}/release", ReleaseRequest).WithName("ReleaseRequest")
            .WithSummary("Releases a request kept unverified: it is routed and delivered like any other");
        api.MapDeliveryActions();
        return api;
    }

    private static async Task<Results<Ok<RequestPage>, ValidationProblem>> ListRequests(
        RequestAdminStore store, CancellationToken cancellationToken,
        string? webhook = null, string? outcome = null, long? destinationId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? status = null, string? eventType = null, string? cursor = null, int? limit = null)
    {
        var filter = new RequestFilter(webhook, outcome, destinationId, from, to, status, eventType);
        var errors = RequestFilters.Check(filter);
        foreach (var (field, messages) in Cursors.CheckLimit(limit))
        {
            errors[field] = messages;
        }

        if (!Cursors.TryDecodeRequest(cursor, out var after))
        {
            errors["cursor"] = Cursors.CursorError()["cursor"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var take = limit ?? Cursors.DefaultLimit;
        var rows = await store.ListAsync(RequestFilters.Search(filter), after, take + 1, cancellationToken);
        var page = rows.Take(take).Select(r => new RequestSummary(
            r.Id, r.Webhook, r.Outcome, r.ReceivedAt, r.Method, r.Path, r.Query, r.BodyBytes, r.Deliveries, r.Attempts, r.LastStatusCode,
            r.LastAttemptAt, r.EventType)).ToList();
        var next = rows.Count > take ? Cursors.Encode(new RequestCursor(page[^1].ReceivedAt, page[^1].Id)) : null;
        return TypedResults.Ok(new RequestPage(page, next));
    }

    private static async Task<Results<Ok<RequestDetailView>, NotFound>> GetRequest(
        Guid id, RequestAdminStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } request
            ? TypedResults.Ok(RequestViews.Detail(request))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<RequestDetailView>, NotFound, Conflict<ProblemDetails>>> ReleaseRequest(
        Guid id, RequestAdminStore store, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } request)
        {
            return TypedResults.NotFound();
        }

        if (!await store.ReleaseAsync(id, cancellationToken))
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Title = "Not unverified",
                Detail = $"Request {id} is {request.Outcome}: only a request kept unverified can be released.",
                Status = StatusCodes.Status409Conflict,
            });
        }

        var why = request.Verification is { } v ? $"{v.Method}: {v.Detail}" : null;
        await audit.WriteAsync(new AuditChange("request.released", $"request {id} ({request.Webhook})", why, ApiShapes.Actor(context)), cancellationToken);
        await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        return TypedResults.Ok(RequestViews.Detail((await store.FindAsync(id, cancellationToken))!));
    }

    private static async Task<Results<Ok<RequestDetailView>, ValidationProblem, NotFound, Conflict<ProblemDetails>>> EditRequest(
        Guid id, RequestEdit edit, RequestAdminStore store, DeliveryCommands deliveries, AuditLog audit, WorkerWakeUp wakeUp,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var (draft, errors) = RequestEditValidation.Check(edit);
        if (draft is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // What depends on the request as it is, is checked before anything is saved: an edit is one change or
        // none. A URL shown with its credentials redacted stands for the stored one it came from.
        var redacted = UrlCredentials.IsRedacted(edit.DestinationUrl);
        if (edit.Resend?.DeliveryIds is { Count: > 0 } || redacted)
        {
            if (await store.FindAsync(id, cancellationToken) is not { } current)
            {
                return TypedResults.NotFound();
            }

            var unknown = edit.Resend?.DeliveryIds is { Count: > 0 } named
                ? DeliveryActionsApi.UnknownIds(named, current.Deliveries.Select(d => d.Id), "resend.deliveryIds")
                : [];
            if (redacted)
            {
                var known = current.Revisions.Select(v => v.DestinationUrl).OfType<string>()
                    .Concat(current.Deliveries.Select(d => d.Destination));
                if (UrlCredentials.Restore(edit.DestinationUrl!, known.Distinct(StringComparer.Ordinal)) is { } restored)
                {
                    draft = draft with { DestinationUrl = restored };
                }
                else
                {
                    unknown["destinationUrl"] =
                        [$"'{UrlCredentials.Marker}' stands for the credentials of a URL this request was sent to, "
                            + "and none matches: give them."];
                }
            }

            if (unknown.Count > 0)
            {
                return TypedResults.ValidationProblem(unknown);
            }
        }

        var (outcome, number) = await store.EditAsync(id, draft, cancellationToken);
        switch (outcome)
        {
            case EditOutcome.NotFound:
                return TypedResults.NotFound();
            case EditOutcome.UnknownDelivery:
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["deliveryId"] = ["The request has no such delivery."] });
            case EditOutcome.InFlight:
                return TypedResults.Conflict(new ProblemDetails
                {
                    Title = "Being sent",
                    Detail = "A delivery of this request is being sent right now; edit it once that attempt is recorded.",
                    Status = 409,
                });
        }

        var actor = ApiShapes.Actor(context);
        var described = RequestEditValidation.Describe(edit, number);
        await audit.WriteAsync(new AuditChange("request.edited", id.ToString(), described, actor), cancellationToken);
        if (edit.Resend is { } resend)
        {
            var changes = await deliveries.ResendAsync(id, resend.All ? null : resend.DeliveryIds, cancellationToken);
            if (changes is { UnknownIds.Count: 0 })
            {
                await DeliveryActionsApi.AuditAndWakeAsync("request.resent", id, changes, audit, wakeUp, actor, cancellationToken);
            }
        }

        return TypedResults.Ok(RequestViews.Detail((await store.FindAsync(id, cancellationToken))!));
    }
}
