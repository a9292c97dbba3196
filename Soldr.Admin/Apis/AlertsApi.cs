using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Admin.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/alerts").AddEndpointFilter<ManagementApiOnly>().WithTags("Alerts");
        api.MapGet("/", ListAlerts).WithName("ListAlerts").WithSummary("Alerts newest first, open, resolved or both");
        return api;
    }

    private static async Task<Results<Ok<Page<AlertView>>, ValidationProblem>> ListAlerts(
        AlertQueries queries, CancellationToken cancellationToken, string? state = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (state is not (null or "open" or "resolved"))
        {
            errors["state"] = ["The state must be open or resolved."];
        }

        if (!Cursors.TryDecodeId(cursor, out var before))
        {
            errors["cursor"] = Cursors.CursorError()["cursor"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = await queries.ListAsync(state, before, Cursors.DefaultLimit + 1, cancellationToken);
        var items = rows.Take(Cursors.DefaultLimit).Select(a => new AlertView(
            a.Id, a.State, a.Webhook, a.DestinationId, a.Destination, a.Reason, a.FailedDeliveries, a.OpenedAt, a.ResolvedAt, a.Notified)).ToList();
        return TypedResults.Ok(new Page<AlertView>(items, rows.Count > Cursors.DefaultLimit ? Cursors.Encode(items[^1].Id) : null));
    }
}
