using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Client.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/audit").AddEndpointFilter<ManagementApiOnly>().WithTags("Audit");
        api.MapGet("/", ListAudit).WithName("ListAudit")
            .WithSummary("Changes made through the management API, newest first: who, what, and the object before and after");
        return api;
    }

    private static async Task<Results<Ok<Page<AuditEntry>>, ValidationProblem>> ListAudit(
        AuditLog log, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var errors = Cursors.CheckLimit(limit);
        if (!Cursors.TryDecodeId(cursor, out var before))
        {
            errors["cursor"] = Cursors.CursorError()["cursor"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var take = limit ?? Cursors.DefaultLimit;
        var rows = await log.ListAsync(before, take + 1, cancellationToken);
        var items = rows.Take(take)
            .Select(e => new AuditEntry(e.Id, e.At, e.Action, e.Subject, e.Detail, e.Actor, Json(e.Before), Json(e.After)))
            .ToList();
        return TypedResults.Ok(new Page<AuditEntry>(items, rows.Count > take ? Cursors.Encode(items[^1].Id) : null));
    }

    private static JsonElement? Json(string? text) => text is null ? null : JsonElement.Parse(text);
}
