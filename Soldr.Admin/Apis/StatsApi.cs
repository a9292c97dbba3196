using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Client.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/stats").AddEndpointFilter<ManagementApiOnly>().WithTags("Stats");
        api.MapGet("/", GetStats).WithName("GetStats").WithSummary("The relay at a glance: traffic, outcomes, queue, alerts, the last 24 h by minute");
        return api;
    }

    private static async Task<Ok<StatsView>> GetStats(StatsQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var s = await queries.ReadAsync(now, cancellationToken);
        var finished = s.SucceededLastDay + s.FailedLastDay;
        return TypedResults.Ok(new StatsView(
            now, s.DeliveriesByState, s.RequestsLastHour, s.RequestsLastDay, s.SucceededLastHour, s.FailedLastHour, s.SucceededLastDay, s.FailedLastDay,
            finished == 0 ? null : (double)s.SucceededLastDay / finished,
            s.QueueDepth, s.OldestPendingSeconds, s.OpenAlerts,
            [.. s.TopFailingDestinations.Select(f => new FailingDestination(
                f.DestinationId, f.Webhook, UrlCredentials.Redact(f.Url), f.FailedLastDay, f.LastStatusCode))],
            [.. s.PerMinute.Select(m => new MinuteCount(m.Minute, m.Requests, m.Failures))]));
    }
}
