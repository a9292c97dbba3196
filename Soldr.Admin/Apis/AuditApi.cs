using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Admin.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/audit").AddEndpointFilter<ManagementApiOnly>().WithTags("Audit");
        api.MapGet("/", ListAudit).WithName("ListAudit").WithSummary("Changes made through the management API, newest first");
        return api;
    }

    private static async Task<Results<Ok<Page<AuditEntry>>, ValidationProblem>> ListAudit(
        AuditLog log, CancellationToken cancellationToken, string? cursor = null)
    {
        if (!Cursors.TryDecodeId(cursor, out var before))
        {
            return TypedResults.ValidationProblem(Cursors.CursorError());
        }

        var rows = await log.ListAsync(before, Cursors.DefaultLimit + 1, cancellationToken);
        var items = rows.Take(Cursors.DefaultLimit).Select(e => new AuditEntry(e.Id, e.At, e.Action, e.Subject, e.Detail, e.Actor)).ToList();
        return TypedResults.Ok(new Page<AuditEntry>(items, rows.Count > Cursors.DefaultLimit ? Cursors.Encode(items[^1].Id) : null));
    }
}
