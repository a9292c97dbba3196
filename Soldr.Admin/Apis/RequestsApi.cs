using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Soldr.Admin.Contracts;
using Soldr.Admin.Security;
using Soldr.Admin.Signals;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

public static class RequestsApi
{
    private static readonly string[] Outcomes = ["pending", "succeeded", "failed", "partial", "unroutable", "received"];

    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/requests").AddEndpointFilter<ManagementApiOnly>().WithTags("Requests");
        api.MapGet("/", ListRequests).WithName("ListRequests").WithSummary("Requests newest first, filtered, a page at a time");
        api.MapGet("/{id:guid}", GetRequest).WithName("GetRequest")
            .WithSummary("A saved request with its revisions, its deliveries and every attempt");
        api.MapPut("/{id:guid}", EditRequest).WithName("EditRequest")
            .WithSummary("Adds a revision (method, headers, body, destination) that is sent from now on; the original is kept");
        api.MapPost("/{id:guid}/resend", ResendRequest).WithName("ResendRequest").WithSummary("Sends a request again now, whatever its state");
        api.MapPost("/resend", ResendRequests).WithName("ResendRequests").WithSummary("Sends every request a filter matches again now");
        return api;
    }

    private static async Task<Results<Ok<RequestPage>, ValidationProblem>> ListRequests(
        RequestAdminStore store, CancellationToken cancellationToken,
        string? webhook = null, string? outcome = null, long? destinationId = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? status = null, string? cursor = null, int? limit = null)
    {
        var filter = new RequestFilter(webhook, outcome, destinationId, from, to, status);
        var errors = Check(filter);
        if (!Cursors.TryDecodeRequest(cursor, out var after))
        {
            errors["cursor"] = Cursors.CursorError()["cursor"];
        }

        if (limit is < 1 or > Cursors.MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {Cursors.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var take = limit ?? Cursors.DefaultLimit;
        var rows = await store.ListAsync(Search(filter), after, take + 1, cancellationToken);
        var page = rows.Take(take).Select(r => new RequestSummary(
            r.Id, r.Webhook, r.Outcome, r.ReceivedAt, r.Method, r.Path, r.Query, r.BodyBytes, r.Deliveries, r.Attempts, r.LastStatusCode, r.LastAttemptAt)).ToList();
        var next = rows.Count > take ? Cursors.Encode(new RequestCursor(page[^1].ReceivedAt, page[^1].Id)) : null;
        return TypedResults.Ok(new RequestPage(page, next));
    }

    private static async Task<Results<Ok<RequestDetailView>, NotFound>> GetRequest(Guid id, RequestAdminStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } request ? TypedResults.Ok(View(request)) : TypedResults.NotFound();

    private static async Task<Results<Ok<RequestDetailView>, ValidationProblem, NotFound, Conflict<ProblemDetails>>> EditRequest(
        Guid id, RequestEdit edit, RequestAdminStore store, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        byte[]? body = null;
        if (edit.Body is not null && edit.BodyBase64 is not null)
        {
            errors["bodyBase64"] = ["Give the body as text or as base64, not both."];
        }
        else if (edit.BodyBase64 is not null)
        {
            try
            {
                body = Convert.FromBase64String(edit.BodyBase64);
            }
            catch (FormatException)
            {
                errors["bodyBase64"] = ["The body is not valid base64."];
            }
        }
        else if (edit.Body is not null)
        {
            body = System.Text.Encoding.UTF8.GetBytes(edit.Body);
        }

        if (edit.Method is not null && (edit.Method.Length == 0 || !edit.Method.All(char.IsAsciiLetterUpper)))
        {
            errors["method"] = ["The method must be an upper-case HTTP method such as POST."];
        }

        if (edit.Headers is not null)
        {
            for (var i = 0; i < edit.Headers.Count; i++)
            {
                if (edit.Headers[i] is not [{ Length: > 0 }, not null])
                {
                    errors[$"headers[{i}]"] = ["Each header is a [name, value] pair with a name."];
                }
            }
        }

        if (edit.DestinationUrl is not null && !WebhookValidation.IsHttpUrl(edit.DestinationUrl))
        {
            errors["destinationUrl"] = ["The URL must be an absolute http or https URL."];
        }

        if (edit.DeliveryId is not null && edit.DestinationUrl is null)
        {
            errors["deliveryId"] = ["A delivery is only named to redirect it: give destinationUrl too."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var draft = new RevisionDraft(
            edit.Method, edit.Headers?.Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList(), body, edit.DestinationUrl, edit.DeliveryId);
        var (outcome, number) = await store.EditAsync(id, draft, cancellationToken);
        switch (outcome)
        {
            case EditOutcome.NotFound:
                return TypedResults.NotFound();
            case EditOutcome.UnknownDelivery:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["deliveryId"] = ["The request has no such delivery."] });
            case EditOutcome.InFlight:
                return TypedResults.Conflict(new ProblemDetails
                {
                    Title = "Being sent",
                    Detail = "A delivery of this request is being sent right now; edit it once that attempt is recorded.",
                    Status = 409,
                });
        }

        await audit.WriteAsync("request.edited", id.ToString(), $"revision {number}", ApiShapes.Actor(context), cancellationToken);
        if (edit.Resend)
        {
            var queued = await store.ResendOneAsync(id, cancellationToken) ?? 0;
            await audit.WriteAsync("request.resent", id.ToString(), $"{queued} queued", ApiShapes.Actor(context), cancellationToken);
            await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        }

        return TypedResults.Ok(View((await store.FindAsync(id, cancellationToken))!));
    }

    private static async Task<Results<Ok<ResendResult>, NotFound>> ResendRequest(
        Guid id, RequestAdminStore store, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context, CancellationToken cancellationToken)
    {
        if (await store.ResendOneAsync(id, cancellationToken) is not { } queued)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync("request.resent", id.ToString(), $"{queued} queued", ApiShapes.Actor(context), cancellationToken);
        await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        return TypedResults.Ok(new ResendResult(queued));
    }

    private static async Task<Results<Ok<ResendResult>, ValidationProblem>> ResendRequests(
        RequestFilter filter, RequestAdminStore store, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = Check(filter);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var queued = await store.ResendManyAsync(Search(filter), cancellationToken);
        await audit.WriteAsync("requests.resent", Describe(filter), $"{queued} queued", ApiShapes.Actor(context), cancellationToken);
        await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        return TypedResults.Ok(new ResendResult(queued));
    }

    private static Dictionary<string, string[]> Check(RequestFilter filter)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (filter.Outcome is not null && !Outcomes.Contains(filter.Outcome, StringComparer.Ordinal))
        {
            errors["outcome"] = [$"The outcome must be one of {string.Join(", ", Outcomes)}."];
        }

        if (filter.Status is < 100 or > 599)
        {
            errors["status"] = ["The status must be an HTTP status code (100-599)."];
        }

        if (filter is { From: { } from, To: { } to } && to < from)
        {
            errors["to"] = ["'to' must not be before 'from'."];
        }

        return errors;
    }

    private static RequestSearch Search(RequestFilter filter) =>
        new(filter.Webhook, filter.Outcome, filter.DestinationId, filter.From, filter.To, filter.Status);

    private static string Describe(RequestFilter filter) =>
        $"webhook={filter.Webhook}, outcome={filter.Outcome}, destinationId={filter.DestinationId}, from={filter.From:O}, to={filter.To:O}, status={filter.Status}";

    internal static RequestDetailView View(RequestRecord request) => new(
        request.Id, request.Webhook, request.State, request.Outcome, request.ReceivedAt, request.Method, request.Path, request.Query,
        ApiShapes.Pairs(request.Headers), ApiShapes.AsText(request.Body), Convert.ToBase64String(request.Body), request.SourceAddress,
        [.. request.Revisions.Select(v => new RevisionView(
            v.Number, v.CreatedAt, v.Method, ApiShapes.Pairs(v.Headers), ApiShapes.AsText(v.Body), Convert.ToBase64String(v.Body), v.DestinationUrl))],
        [.. request.Deliveries.Select(d => new DeliveryDetailView(
            d.Id, d.DestinationId, d.Destination, d.State, d.InFlight, d.AttemptCount, d.NextAttemptAt,
            [.. d.Attempts.Select(a => new AttemptDetailView(
                a.Number, a.Revision, a.StartedAt, a.DurationMs, a.StatusCode, a.ErrorKind, a.ErrorMessage,
                a.ResponseHeaders is null ? null : ApiShapes.Pairs(a.ResponseHeaders),
                a.ResponseBody is null ? null : ApiShapes.AsText(a.ResponseBody)))]))]);
}
