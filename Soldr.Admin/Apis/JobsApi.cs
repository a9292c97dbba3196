using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Soldr.Client.Contracts;
using Soldr.Admin.Security;
using Soldr.Core.Jobs;
using Soldr.Core.Management;
using Soldr.Core.Webhooks;

namespace Soldr.Admin.Apis;

public static class JobsApi
{
    /// <summary>A worker whose heartbeat is older than this is not shown as live.</summary>
    private static readonly TimeSpan LiveWorkerWindow = TimeSpan.FromMinutes(2);

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/jobs").AddEndpointFilter<ManagementApiOnly>().WithTags("Jobs");
        api.MapGet("/", GetJobs).WithName("GetJobs").WithSummary("Delivery queue counts, recurring jobs (from Hangfire) and live workers");
        api.MapGet("/queue/{state}", GetQueue).WithName("GetQueue")
            .WithSummary("Deliveries in one queue state: enqueued, scheduled, processing, succeeded, failed or held");
        api.MapPost("/{name}/trigger", TriggerJob).WithName("TriggerJob").WithSummary("Runs a recurring job once, on whichever worker takes it");
        api.MapPost("/{name}/pause", PauseJob).WithName("PauseJob").WithSummary("Stops a recurring job's schedule until resumed");
        api.MapPost("/{name}/resume", ResumeJob).WithName("ResumeJob").WithSummary("Resumes a paused recurring job's schedule");
        return api;
    }

    private static async Task<Ok<JobsView>> GetJobs(
        QueueQueries queue, JobRunQueries runs, RecurringJobControl recurring, JobPauses pauses, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = await queue.CountsAsync(now, cancellationToken);
        var lastRuns = (await runs.LastRunsAsync(cancellationToken)).ToDictionary(r => r.Job, StringComparer.Ordinal);
        var paused = await pauses.PausedAsync(cancellationToken);
        var workers = await queue.LiveWorkersAsync(now - LiveWorkerWindow, cancellationToken);
        return TypedResults.Ok(new JobsView(
            new QueueCounts(counts.Enqueued, counts.Scheduled, counts.Processing, counts.Succeeded, counts.Failed, counts.Held),
            [.. recurring.List().Select(job =>
            {
                var last = lastRuns.GetValueOrDefault(job.Id);
                var isPaused = paused.Contains(job.Id);
                return new RecurringJobView(
                    job.Id,
                    isPaused ? "paused" : job.Cron == Cron.Never() ? "not scheduled" : job.Cron,
                    isPaused,
                    Utc(job.LastExecution),
                    isPaused ? null : Utc(job.NextExecution),
                    last?.Outcome, last?.Duration.TotalMilliseconds, last?.RowsAffected, last?.Message);
            })],
            [.. workers.Select(w => new WorkerView(w.Id, w.Host, w.ProcessId, w.StartedAt, w.LastSeenAt, w.InFlight))]));
    }

    private static async Task<Results<Ok<List<QueueItem>>, ValidationProblem>> GetQueue(
        string state, QueueQueries queue, TimeProvider time, CancellationToken cancellationToken, int? limit = null)
    {
        var errors = Cursors.CheckLimit(limit);
        if (!QueueQueries.States.Contains(state, StringComparer.Ordinal))
        {
            errors["state"] = [$"The state must be one of {string.Join(", ", QueueQueries.States)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var items = await queue.ItemsAsync(state, limit ?? Cursors.DefaultLimit, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(items.Select(i => new QueueItem(
            i.DeliveryId, i.RequestId, i.Webhook, UrlCredentials.Redact(i.Destination), i.AttemptCount, i.NextAttemptAt,
            i.LastAttemptAt, i.LastStatusCode, i.LastErrorKind)).ToList());
    }

    private static async Task<Results<Accepted, NotFound>> TriggerJob(
        string name, RecurringJobControl jobs, AuditLog audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (jobs.Trigger(name) is not { } jobId)
        {
            return TypedResults.NotFound();
        }

        await audit.WriteAsync(new AuditChange("job.triggered", name, $"Hangfire job {jobId}", ApiShapes.Actor(context)), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, NotFound>> PauseJob(
        string name, RecurringJobControl jobs, AuditLog audit, HttpContext context, CancellationToken cancellationToken) =>
        await AppliedAndAuditedAsync(jobs.PauseAsync(name, ApiShapes.Actor(context), cancellationToken), "job.paused", name, audit, context, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> ResumeJob(
        string name, RecurringJobControl jobs, AuditLog audit, HttpContext context, CancellationToken cancellationToken) =>
        await AppliedAndAuditedAsync(jobs.ResumeAsync(name, cancellationToken), "job.resumed", name, audit, context, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();

    /// <summary>Waits for a job change; when it applied (the job exists), writes its audit record. Returns whether it applied.</summary>
    private static async Task<bool> AppliedAndAuditedAsync(
        Task<bool> change, string action, string name, AuditLog audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await change)
        {
            return false;
        }

        await audit.WriteAsync(new AuditChange(action, name, null, ApiShapes.Actor(context)), cancellationToken);
        return true;
    }

    // Hangfire returns its times as UTC DateTimes.
    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
