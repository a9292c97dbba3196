using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Soldr.Core.Jobs;

namespace Soldr.Admin.Apis;

/// <summary>
/// Turns a recurring job change that found the job's Hangfire lock taken (a worker declaring or scheduling it,
/// or one that died holding it) into a 503 that says so and when to try again, instead of a bare 500.
/// </summary>
internal sealed class JobLockProblems(ILogger<JobLockProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!JobStorageExtensions.IsLockTaken(exception))
        {
            return false;
        }

        Log.JobLocked(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.Headers.RetryAfter = ((int)JobStorageExtensions.AbandonedLockTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The job is locked.",
            detail: "Another process holds this job's lock, to schedule it or because it stopped while holding it. "
                + $"A lock left behind is given up after {JobStorageExtensions.AbandonedLockTimeout.TotalSeconds:0} s: try again then.")
            .ExecuteAsync(httpContext);
        return true;
    }
}
