using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Soldr.Admin.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/webhooks").AddEndpointFilter<ManagementApiOnly>().WithTags("Webhooks");
        api.MapGet("/", ListWebhooks).WithName("ListWebhooks").WithSummary("Every webhook with its destinations and their health");
        api.MapGet("/{name}", GetWebhook).WithName("GetWebhook").WithSummary("One webhook");
        api.MapPost("/", CreateWebhook).WithName("CreateWebhook").WithSummary("Creates a webhook with its destinations");
        api.MapPut("/{name}", UpdateWebhook).WithName("UpdateWebhook")
            .WithSummary("Replaces a webhook's settings and destinations (matched by URL); enables or disables it");
        api.MapDelete("/{name}", DeleteWebhook).WithName("DeleteWebhook").WithSummary("Deletes a webhook that has no pending delivery");
        return api;
    }

    private static async Task<Ok<List<WebhookView>>> ListWebhooks(WebhookAdminStore store, IngestAddresses addresses, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(null, cancellationToken)).Select(addresses.View).ToList());

    private static async Task<Results<Ok<WebhookView>, NotFound>> GetWebhook(
        string name, WebhookAdminStore store, IngestAddresses addresses, CancellationToken cancellationToken) =>
        await store.FindAsync(name, cancellationToken) is { } webhook ? TypedResults.Ok(addresses.View(webhook)) : TypedResults.NotFound();

    private static async Task<Results<Created<WebhookView>, ValidationProblem, Conflict<ProblemDetails>>> CreateWebhook(
        WebhookInput input, WebhookAdminStore store, IngestAddresses addresses, AuditLog audit, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = WebhookValidation.Check(input);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await store.CreateAsync(Draft(input), time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.Conflict(new ProblemDetails { Title = "Name taken", Detail = $"A webhook named '{input.Name}' exists already.", Status = 409 });
        }

        await audit.WriteAsync("webhook.created", input.Name, $"{input.Destinations?.Count ?? 0} destination(s)", ApiShapes.Actor(context), cancellationToken);
        var created = await store.FindAsync(input.Name, cancellationToken);
        return TypedResults.Created($"/api/webhooks/{input.Name}", addresses.View(created!));
    }

    private static async Task<Results<Ok<WebhookView>, ValidationProblem, NotFound>> UpdateWebhook(
        string name, WebhookInput input, WebhookAdminStore store, IngestAddresses addresses, AuditLog audit, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = WebhookValidation.Check(input);
        if (errors.Count == 0 && !string.Equals(input.Name, name, StringComparison.Ordinal))
        {
            errors["name"] = ["A webhook cannot be renamed: its name is its ingest address."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var update = await store.UpdateAsync(name, Draft(input), time.GetUtcNow(), cancellationToken);
        if (!update.Found)
        {
            return TypedResults.NotFound();
        }

        var detail = $"enabled={input.Enabled}, {input.Destinations?.Count ?? 0} destination(s)";
        if (update.DisabledInsteadOfRemoved.Count > 0)
        {
            detail += $"; disabled, not removed (pending deliveries): {string.Join(", ", update.DisabledInsteadOfRemoved)}";
        }

        await audit.WriteAsync("webhook.updated", name, detail, ApiShapes.Actor(context), cancellationToken);
        return TypedResults.Ok(addresses.View((await store.FindAsync(name, cancellationToken))!));
    }

    private static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> DeleteWebhook(
        string name, WebhookAdminStore store, AuditLog audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (await store.PendingDeliveriesAsync(name, cancellationToken) is not { } pending)
        {
            return TypedResults.NotFound();
        }

        if (pending > 0 || !await store.DeleteAsync(name, cancellationToken))
        {
            return TypedResults.Conflict(new ProblemDetails
            {
                Title = "Deliveries pending",
                Detail = $"Webhook '{name}' still has pending deliveries: disable it and delete it once they are finished.",
                Status = 409,
            });
        }

        await audit.WriteAsync("webhook.deleted", name, null, ApiShapes.Actor(context), cancellationToken);
        return TypedResults.NoContent();
    }

    private static WebhookDraft Draft(WebhookInput input) => new(
        input.Name,
        input.Enabled,
        SettingsJson.Serialize(input.Settings ?? new WebhookSettings()),
        [.. (input.Destinations ?? []).Select(d => new DestinationDraft(d.Url, d.Enabled, SettingsJson.Serialize(d.Settings ?? new DestinationSettings())))]);
}
