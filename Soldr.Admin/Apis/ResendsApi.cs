using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Admin.Security;
using Soldr.Client.Contracts;
using Soldr.Core.Jobs;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

/// <summary>
/// Bulk re-sends run as background jobs on the workers: started (now or for a time) with
/// <c>POST /api/requests/resend</c>, followed and cancelled here.
/// </summary>
internal static class ResendsApi
{
    /// <summary>How far ahead a re-send can be scheduled.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(366);

    public static void MapResendsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/resends").AddEndpointFilter<ManagementApiOnly>().WithTags("Requests");
        api.MapGet("/", ListResends).WithName("ListResends").WithSummary("Bulk re-sends, newest first, with their progress");
        api.MapGet("/{id:long}", GetResend).WithName("GetResend").WithSummary("One bulk re-send and its progress");
        api.MapPost("/{id:long}/cancel", CancelResend).WithName("CancelResend")
            .WithSummary("Cancels a scheduled or queued re-send, or stops a running one after its current page");
    }

    /// <summary>
    /// Records the re-send and hands it to Hangfire: enqueued for the next free worker, or scheduled for
    /// <see cref="BulkResend.At"/>. The answer is the re-send, to follow at its address.
    /// </summary>
    public static async Task<Results<Accepted<ResendView>, ValidationProblem>> StartAsync(
        BulkResend input, ResendStore resends, IBackgroundJobClientV2 jobs, AuditLog audit, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = Check(input, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var actor = ApiShapes.Actor(context);
        var subject = $"{input.Deliveries} deliveries of {RequestFilters.Describe(input.Filter)}";
        var resend = await resends.CreateAsync(
            input.Deliveries == "failed", RequestFilters.Search(input.Filter), subject, actor, input.At?.ToUniversalTime(), cancellationToken);
        string jobId;
        try
        {
            jobId = input.At is { } runAt
                ? jobs.Schedule<IResendJob>(job => job.RunAsync(resend.Id, CancellationToken.None), JobTimes.NotBefore(runAt))
                : jobs.Enqueue<IResendJob>(job => job.RunAsync(resend.Id, CancellationToken.None));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await resends.FailAsync(resend.Id, $"Could not be handed to Hangfire: {ex.Message}", CancellationToken.None);
            throw;
        }

        await resends.SetJobAsync(resend.Id, jobId, cancellationToken);
        var when = input.At is { } scheduled ? $"scheduled for {scheduled.ToUniversalTime():u}" : "queued";
        await audit.WriteAsync(new AuditChange("requests.resend-started", $"re-send #{resend.Id}: {subject}", when, actor), cancellationToken);
        return TypedResults.Accepted($"/api/resends/{resend.Id}", View(resend with { JobId = jobId }));
    }

    public static ResendView View(ResendRecord resend) => new(
        resend.Id,
        resend.State,
        resend.FailedOnly ? "failed" : "all",
        new RequestFilter(
            resend.Search.Webhook, resend.Search.Outcome, resend.Search.DestinationId, resend.Search.From, resend.Search.To, resend.Search.Status,
            resend.Search.EventType),
        resend.Description,
        resend.RequestedBy,
        resend.RequestedAt,
        resend.RunAt,
        resend.StartedAt,
        resend.FinishedAt,
        resend.Total,
        resend.Processed,
        resend.Queued,
        resend.Held,
        resend.Rerouted,
        resend.Error,
        resend.JobId);

    private static Dictionary<string, string[]> Check(BulkResend input, DateTimeOffset now)
    {
        var errors = RequestFilters.Check(input.Filter);
        if (input.Deliveries is not ("failed" or "all"))
        {
            errors["deliveries"] = ["Say which deliveries of the matching requests to send again: failed, or all (succeeded ones too)."];
        }
        else if (input.Deliveries == "all" && input.Filter == new RequestFilter())
        {
            errors["filter"] = [DeliveryActionsApi.NoFilter("Sending every delivery again (succeeded ones too)")];
        }

        if (input.At is { } at && (at <= now || at > now + LongestWait))
        {
            errors["at"] = [at <= now
                ? "'at' is not in the future; leave it out to re-send now."
                : "'at' is more than a year ahead."];
        }

        return errors;
    }

    private static async Task<Ok<List<ResendView>>> ListResends(ResendStore resends, CancellationToken cancellationToken, int? limit = null) =>
        TypedResults.Ok((await resends.ListAsync(Math.Clamp(limit ?? Cursors.DefaultLimit, 1, Cursors.MaxLimit), cancellationToken)).Select(View).ToList());

    private static async Task<Results<Ok<ResendView>, NotFound>> GetResend(long id, ResendStore resends, CancellationToken cancellationToken) =>
        await resends.FindAsync(id, cancellationToken) is { } resend ? TypedResults.Ok(View(resend)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ResendView>, NotFound>> CancelResend(
        long id, ResendStore resends, IBackgroundJobClientV2 jobs, AuditLog audit, HttpContext context, CancellationToken cancellationToken)
    {
        var before = await resends.FindAsync(id, cancellationToken);
        if (await resends.CancelAsync(id, cancellationToken) is not { } resend || before is null)
        {
            return TypedResults.NotFound();
        }

        if (before.State != resend.State)
        {
            // A job that has not started is deleted; a running one sees the state at its next page and stops.
            if (resend.JobId is { } jobId && before.State is ResendStates.Scheduled or ResendStates.Queued)
            {
                jobs.Delete(jobId);
            }

            await audit.WriteAsync(
                new AuditChange("requests.resend-cancelled", $"re-send #{id}: {resend.Description}", $"was {before.State}", ApiShapes.Actor(context)),
                cancellationToken);
        }

        return TypedResults.Ok(View(resend));
    }
}
