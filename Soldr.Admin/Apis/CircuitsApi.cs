using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Soldr.Client.Contracts;
using Soldr.Core.Flow;
using Soldr.Core.Jobs;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

/// <summary>
/// An operator's hand on a destination's circuit: open it (hold its deliveries, e.g. while the receiver is
/// maintained), close it (release them in the order received), or probe it now (send one held delivery;
/// a success closes it). Each is audited with who did it.
/// </summary>
internal static class CircuitsApi
{
    public static void MapCircuits(this RouteGroupBuilder api)
    {
        api.MapPost("/{name}/destinations/{destinationId:long}/circuit/open", OpenAsync).WithName("OpenCircuit")
            .WithSummary("Opens a destination's circuit: its deliveries are held until it is closed or a probe succeeds");
        api.MapPost("/{name}/destinations/{destinationId:long}/circuit/close", CloseAsync).WithName("CloseCircuit")
            .WithSummary("Closes a destination's circuit: its held deliveries are sent, in the order received");
        api.MapPost("/{name}/destinations/{destinationId:long}/circuit/probe", ProbeAsync).WithName("ProbeCircuit")
            .WithSummary("Sends one held delivery of an open circuit now; a success closes the circuit");
    }

    private static async Task<Results<Ok<CircuitView>, NotFound, Conflict<ProblemDetails>>> OpenAsync(
        string name, long destinationId, WebhookAdminStore store, CircuitStore circuits, FlowNotices notices, AuditLog audit,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, destinationId, store, cancellationToken) is not { } destination)
        {
            return TypedResults.NotFound();
        }

        var actor = ApiShapes.Actor(context);
        if (!await circuits.OpenAsync(destinationId, actor, $"opened by {actor}", cancellationToken))
        {
            return Conflict("Circuit already open", "The circuit is already open: its deliveries are held.");
        }

        await notices.CircuitOpenedAsync(destinationId);
        await audit.WriteAsync(new AuditChange("destination.circuit-opened", name, UrlCredentials.Redact(destination.Url), actor), cancellationToken);
        return TypedResults.Ok(await ViewAsync(name, destinationId, store, cancellationToken));
    }

    private static async Task<Results<Ok<CircuitView>, NotFound, Conflict<ProblemDetails>>> CloseAsync(
        string name, long destinationId, WebhookAdminStore store, CircuitStore circuits, FlowNotices notices, WorkerWakeUp wakeUp,
        AuditLog audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, destinationId, store, cancellationToken) is not { } destination)
        {
            return TypedResults.NotFound();
        }

        if (await circuits.CloseAsync(destinationId, cancellationToken) is not { } released)
        {
            return Conflict("Circuit not open", "The circuit is not open: there are no deliveries it holds.");
        }

        await notices.CircuitClosedAsync(destinationId);
        await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        await audit.WriteAsync(new AuditChange(
            "destination.circuit-closed", name, $"{UrlCredentials.Redact(destination.Url)}; {released} held deliveries released", ApiShapes.Actor(context)),
            cancellationToken);
        return TypedResults.Ok(await ViewAsync(name, destinationId, store, cancellationToken));
    }

    private static async Task<Results<Accepted<CircuitView>, NotFound, Conflict<ProblemDetails>>> ProbeAsync(
        string name, long destinationId, WebhookAdminStore store, CircuitStore circuits, IBackgroundJobClientV2 jobs, AuditLog audit,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, destinationId, store, cancellationToken) is not { } destination)
        {
            return TypedResults.NotFound();
        }

        if (await circuits.FindAsync(destinationId, cancellationToken) is not { IsOpen: true, OpenedAt: { } openedAt })
        {
            return Conflict("Circuit not open", "The circuit is not open: there is nothing held to probe with.");
        }

        jobs.Enqueue<ICircuitProbeJob>(job => job.RunAsync(destinationId, openedAt, CancellationToken.None));
        await audit.WriteAsync(new AuditChange("destination.circuit-probed", name, UrlCredentials.Redact(destination.Url), ApiShapes.Actor(context)), cancellationToken);
        return TypedResults.Accepted($"/api/webhooks/{name}", await ViewAsync(name, destinationId, store, cancellationToken));
    }

    private static Conflict<ProblemDetails> Conflict(string title, string detail) =>
        TypedResults.Conflict(new ProblemDetails { Title = title, Detail = detail, Status = StatusCodes.Status409Conflict });

    private static async Task<DestinationRecord?> FindAsync(string name, long destinationId, WebhookAdminStore store, CancellationToken cancellationToken) =>
        (await store.FindAsync(name, cancellationToken))?.Destinations.FirstOrDefault(d => d.Id == destinationId);

    private static async Task<CircuitView> ViewAsync(string name, long destinationId, WebhookAdminStore store, CancellationToken cancellationToken) =>
        (await FindAsync(name, destinationId, store, cancellationToken))?.Circuit ?? new CircuitView(CircuitRecord.Closed, 0);
}
