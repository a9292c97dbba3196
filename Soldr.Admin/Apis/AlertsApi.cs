using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Admin.Security;
using Soldr.Client.Contracts;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

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
        AlertQueries queries, CancellationToken cancellationToken, string? state = null, string? cursor = null, int? limit = null)
    {
        var errors = Cursors.CheckLimit(limit);
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

        var take = limit ?? Cursors.DefaultLimit;
        var rows = await queries.ListAsync(state, before, take + 1, cancellationToken);
        var items = rows.Take(take).Select(a => new AlertView(
            a.Id, a.State, a.Webhook, a.DestinationId, UrlCredentials.Redact(a.Destination), a.Reason, a.FailedDeliveries,
            a.OpenedAt, a.ResolvedAt, a.Notified, a.Kind, a.DisabledAt)).ToList();
        return TypedResults.Ok(new Page<AlertView>(items, rows.Count > take ? Cursors.Encode(items[^1].Id) : null));
    }
}
