using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Soldr.Admin.Security;
using Soldr.Client.Contracts;
using Soldr.Core.Management;
using Soldr.Core.Signals;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/webhooks").AddEndpointFilter<ManagementApiOnly>().WithTags("Webhooks");
        api.MapGet("/", ListWebhooks).WithName("ListWebhooks")
            .WithSummary("Every webhook with its destinations, their health and waiting deliveries");
        api.MapGet("/{name}", GetWebhook).WithName("GetWebhook").WithSummary("One webhook");
        api.MapPost("/", CreateWebhook).WithName("CreateWebhook").WithSummary("Creates a webhook with its destinations");
        api.MapPut("/{name}", UpdateWebhook).WithName("UpdateWebhook")
            .WithSummary("Replaces a webhook's settings and destinations (matched by URL); enables or disables it. "
                + "Disabling holds its deliveries; enabling sends them, oldest first");
        api.MapDelete("/{name}", DeleteWebhook).WithName("DeleteWebhook")
            .WithSummary("Deletes a webhook; one with unfinished deliveries only with cancelPending=true, which cancels them");
        api.MapPost("/{name}/destinations/{destinationId:long}/signing-secret", SigningSecrets.RotateAsync).WithName("RotateSigningSecret")
            .WithSummary("Gives a destination a new signing secret, shown once, and turns signing on; the current one "
                + "keeps signing beside it for the overlap");
        api.MapCircuits();
        return api;
    }

    private static async Task<Ok<List<WebhookView>>> ListWebhooks(
        WebhookAdminStore store, IngestAddresses addresses, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(null, cancellationToken)).Select(addresses.View).ToList());

    private static async Task<Results<Ok<WebhookView>, NotFound>> GetWebhook(
        string name, WebhookAdminStore store, IngestAddresses addresses, CancellationToken cancellationToken) =>
        await store.FindAsync(name, cancellationToken) is { } webhook ? TypedResults.Ok(addresses.View(webhook)) : TypedResults.NotFound();

    private static async Task<Results<Created<WebhookView>, ValidationProblem, Conflict<ProblemDetails>>> CreateWebhook(
        WebhookInput input, WebhookAdminStore store, IngestAddresses addresses, AuditLog audit, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var (resolved, errors, generated) = WebhookInputs.Resolve(input, existing: null);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await store.CreateAsync(WebhookInputs.Draft(resolved), time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.Conflict(
                new ProblemDetails { Title = "Name taken", Detail = $"A webhook named '{input.Name}' exists already.", Status = 409 });
        }

        var created = (await store.FindAsync(input.Name, cancellationToken))!;
        await audit.WriteAsync(
            new AuditChange("webhook.created", input.Name, $"{created.Destinations.Count} destination(s)", ApiShapes.Actor(context),
                After: WebhookInputs.Snapshot(created)),
            cancellationToken);
        return TypedResults.Created($"/api/webhooks/{input.Name}", addresses.View(created) with
        {
            NewSigningSecrets = SigningSecrets.Shown(created, generated),
        });
    }

    private static async Task<Results<Ok<WebhookView>, ValidationProblem, NotFound>> UpdateWebhook(
        string name, WebhookInput input, WebhookAdminStore store, IngestAddresses addresses, AuditLog audit, WorkerWakeUp wakeUp,
        TimeProvider time,
        HttpContext context, CancellationToken cancellationToken, bool cancelPending = false)
    {
        if (await store.FindAsync(name, cancellationToken) is not { } before)
        {
            return TypedResults.NotFound();
        }

        var (resolved, errors, generated) = WebhookInputs.Resolve(input, before);
        if (errors.Count == 0 && !string.Equals(input.Name, name, StringComparison.Ordinal))
        {
            errors["name"] = ["A webhook cannot be renamed: its name is its ingest address."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var update = await store.UpdateAsync(name, WebhookInputs.Draft(resolved), time.GetUtcNow(), cancelPending, cancellationToken);
        if (!update.Found)
        {
            return TypedResults.NotFound();
        }

        var after = (await store.FindAsync(name, cancellationToken))!;
        await audit.WriteAsync(
            new AuditChange(
                "webhook.updated", name, Describe(WebhookChanges.Between(before, after), update), ApiShapes.Actor(context),
                WebhookInputs.Snapshot(before), WebhookInputs.Snapshot(after)),
            cancellationToken);
        if (update.Released > 0)
        {
            await wakeUp.DeliveriesQueuedAsync(cancellationToken);
        }

        return TypedResults.Ok(addresses.View(after) with { NewSigningSecrets = SigningSecrets.Shown(after, generated) });
    }

    private static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> DeleteWebhook(
        string name, WebhookAdminStore store, AuditLog audit, TimeProvider time, HttpContext context, CancellationToken cancellationToken,
        bool cancelPending = false)
    {
        var before = await store.FindAsync(name, cancellationToken);
        var deletion = await store.DeleteAsync(name, cancelPending, time.GetUtcNow(), cancellationToken);
        if (!deletion.Found)
        {
            return TypedResults.NotFound();
        }

        if (deletion.Cancelled > 0 || deletion.Deleted)
        {
            var detail = $"cancelled {deletion.Cancelled} unfinished deliveries" + (deletion.Deleted ? string.Empty : "; not deleted yet");
            var action = deletion.Deleted ? "webhook.deleted" : "webhook.deliveries-cancelled";
            var snapshot = before is null ? null : WebhookInputs.Snapshot(before);
            await audit.WriteAsync(new AuditChange(action, name, detail, ApiShapes.Actor(context), Before: snapshot), cancellationToken);
        }

        if (deletion.Deleted)
        {
            return TypedResults.NoContent();
        }

        return TypedResults.Conflict(new ProblemDetails
        {
            Title = cancelPending ? "Deliveries being sent" : "Deliveries unfinished",
            Detail = cancelPending
                ? $"Webhook '{name}' has {deletion.Unfinished} delivery(ies) being sent right now; they were cancelled and get no "
                    + "further attempt. Delete it again in a few seconds, once their attempts are recorded."
                : $"Webhook '{name}' has {deletion.Unfinished} unfinished delivery(ies) (pending or held). Delete it with "
                    + "cancelPending=true to cancel them, or wait until they are finished.",
            Status = 409,
        });
    }

    private static string Describe(IReadOnlyList<string> changes, WebhookUpdate update)
    {
        var parts = new List<string>(changes);
        if (update.DisabledInsteadOfRemoved.Count > 0)
        {
            parts.Add("disabled, not removed (unfinished deliveries): "
                + string.Join(", ", update.DisabledInsteadOfRemoved.Select(UrlCredentials.Redact)));
        }

        if (update.Cancelled > 0)
        {
            parts.Add($"{update.Cancelled} deliveries of removed destinations cancelled");
        }

        if (update.Held > 0)
        {
            parts.Add($"{update.Held} deliveries held");
        }

        if (update.Released > 0)
        {
            parts.Add($"{update.Released} held deliveries released");
        }

        return parts.Count == 0 ? "saved unchanged" : string.Join("; ", parts);
    }
}
