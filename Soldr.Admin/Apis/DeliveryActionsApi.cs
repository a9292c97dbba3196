using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// Re-sends and cancellations, of one request's deliveries or of every request a filter matches. Each call
/// names the deliveries it acts on; acting on all of them is a choice the caller states, never a default.
/// </summary>
internal static class DeliveryActionsApi
{
    public static void MapDeliveryActions(this RouteGroupBuilder requests)
    {
        requests.MapPost("/{id:guid}/resend", ResendRequest).WithName("ResendRequest")
            .WithSummary("Sends the named deliveries of a request again now (or all of them with all: true), whatever their state");
        requests.MapPost("/{id:guid}/cancel", CancelRequest).WithName("CancelRequest")
            .WithSummary("Cancels the named pending or held deliveries of a request (or all of them with all: true)");
        requests.MapPost("/resend", ResendsApi.StartAsync).WithName("ResendRequests")
            .WithSummary("Starts a background job that sends the failed (or all) deliveries of every request a filter matches again, now or at a time");
        requests.MapPost("/cancel", CancelRequests).WithName("CancelRequests")
            .WithSummary("Cancels the pending and held deliveries of every request a filter matches");
    }

    /// <summary>
    /// Why a selection is not one (none or both of its choices), naming the field under <paramref name="prefix"/>
    /// (null: the selection is the whole body); null when it is one.
    /// </summary>
    public static (string Field, string Message)? CheckSelection(DeliverySelection selection, string? prefix)
    {
        var named = selection.DeliveryIds is { Count: > 0 };
        return (selection.All, named) switch
        {
            (true, true) => (prefix is null ? "deliveryIds" : $"{prefix}.deliveryIds", "Name deliveries or choose all, not both."),
            (false, false) => (prefix ?? "all", "Say which deliveries: deliveryIds, or all: true for every delivery of the request."),
            _ => null,
        };
    }

    /// <summary>The named ids that are not among <paramref name="known"/>, as errors naming each by position.</summary>
    public static Dictionary<string, string[]> UnknownIds(IReadOnlyList<Guid> named, IEnumerable<Guid> known, string field)
    {
        var set = known.ToHashSet();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < named.Count; i++)
        {
            if (!set.Contains(named[i]))
            {
                errors[$"{field}[{i}]"] = [$"{named[i]} is not a delivery of this request."];
            }
        }

        return errors;
    }

    /// <summary>Records a re-send or cancellation of one request and wakes the workers when something is due.</summary>
    public static async Task AuditAndWakeAsync(
        string action, Guid requestId, RequestDeliveryChanges changes, AuditLog audit, WorkerWakeUp wakeUp, string actor,
        CancellationToken cancellationToken)
    {
        var changed = changes.Deliveries.Where(d => d.Changed).ToList();
        var detail = changed.Count == 0
            ? "no delivery changed" + (changes.Rerouted ? "; routed again" : string.Empty)
            : string.Join("; ", changed.Select(d => $"{d.DeliveryId} to {UrlCredentials.Redact(d.DestinationUrl)}: {d.State}"))
                + (changes.Rerouted ? "; routed again" : string.Empty);
        await audit.WriteAsync(new AuditChange(action, requestId.ToString(), detail, actor), cancellationToken);
        if (changes.Rerouted || changed.Any(d => d.State == DeliveryState.Pending))
        {
            await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        }
    }

    private static Task<Results<Ok<DeliveriesChanged>, ValidationProblem, NotFound>> ResendRequest(
        Guid id, DeliverySelection selection, DeliveryCommands commands, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context,
        CancellationToken cancellationToken) =>
        ChangeOneAsync("request.resent", id, selection, commands.ResendAsync, audit, wakeUp, context, cancellationToken);

    private static Task<Results<Ok<DeliveriesChanged>, ValidationProblem, NotFound>> CancelRequest(
        Guid id, DeliverySelection selection, DeliveryCommands commands, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context,
        CancellationToken cancellationToken) =>
        ChangeOneAsync("request.cancelled", id, selection, commands.CancelAsync, audit, wakeUp, context, cancellationToken);

    private static async Task<Results<Ok<DeliveriesChanged>, ValidationProblem, NotFound>> ChangeOneAsync(
        string action, Guid id, DeliverySelection selection,
        Func<Guid, IReadOnlyCollection<Guid>?, CancellationToken, Task<RequestDeliveryChanges?>> change,
        AuditLog audit, WorkerWakeUp wakeUp, HttpContext context, CancellationToken cancellationToken)
    {
        if (CheckSelection(selection, null) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        }

        if (await change(id, selection.All ? null : selection.DeliveryIds, cancellationToken) is not { } changes)
        {
            return TypedResults.NotFound();
        }

        if (changes.UnknownIds.Count > 0)
        {
            var known = changes.Deliveries.Select(d => d.DeliveryId);
            return TypedResults.ValidationProblem(UnknownIds(selection.DeliveryIds!, known, "deliveryIds"));
        }

        await AuditAndWakeAsync(action, id, changes, audit, wakeUp, ApiShapes.Actor(context), cancellationToken);
        int Count(Func<DeliveryChange, bool> which) => changes.Deliveries.Count(which);
        return TypedResults.Ok(new DeliveriesChanged(
            Queued: Count(d => d.Changed && d.State == DeliveryState.Pending),
            Held: Count(d => d.Changed && d.State == DeliveryState.Held),
            Cancelled: Count(d => d.Changed && d.State == DeliveryState.Cancelled),
            InFlight: Count(d => d.InFlight),
            Rerouted: changes.Rerouted,
            Deliveries: [.. changes.Deliveries.Select(RequestViews.Change)]));
    }

    private static async Task<Results<Ok<BulkChanged>, ValidationProblem>> CancelRequests(
        RequestFilter filter, DeliveryCommands commands, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = RequestFilters.Check(filter);
        if (filter == new RequestFilter())
        {
            errors["filter"] = [NoFilter("A cancellation")];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var changed = await commands.CancelManyAsync(RequestFilters.Search(filter), cancellationToken);
        return TypedResults.Ok(await AuditAndWakeAsync(
            "requests.cancelled", RequestFilters.Describe(filter), changed, audit, wakeUp, context, cancellationToken));
    }

    public static string NoFilter(string what) =>
        $"Name at least one filter (webhook, destinationId, outcome, from, to, status): {what} is never of everything by default.";

    private static async Task<BulkChanged> AuditAndWakeAsync(
        string action, string subject, BulkDeliveryChanges changed, AuditLog audit, WorkerWakeUp wakeUp, HttpContext context,
        CancellationToken cancellationToken)
    {
        var detail = $"{changed.Queued} queued, {changed.Held} held, {changed.Cancelled} cancelled, in {changed.Requests} request(s)"
            + (changed.Rerouted > 0 ? $"; {changed.Rerouted} routed again" : string.Empty);
        await audit.WriteAsync(new AuditChange(action, subject, detail, ApiShapes.Actor(context)), cancellationToken);
        if (changed.Queued > 0 || changed.Rerouted > 0)
        {
            await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        }

        return new BulkChanged(changed.Queued, changed.Held, changed.Cancelled, changed.Requests, changed.Rerouted);
    }
}
