using System.Text.RegularExpressions;
using Soldr.Admin.Security.Sessions;
using Soldr.Core.Management;

namespace Soldr.Admin.Jobs;

/// <summary>
/// What an operator does in the Hangfire dashboard goes into Soldr's audit log, by the session that did
/// it, like a change made through the API: triggering or removing a recurring job, and requeueing,
/// enqueueing or deleting jobs. Written once Hangfire has answered that it did it.
/// </summary>
internal sealed partial class DashboardAudit(RequestDelegate next, AuditLog audit, AdminSessionStore sessions)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWithSegments(HangfireDashboard.Path, out var command)
            || Command().Match(command.Value ?? string.Empty) is not { Success: true } match)
        {
            await next(context);
            return;
        }

        // Read before Hangfire reads it; the form is kept for it.
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        await next(context);
        if (context.Response.StatusCode is < 200 or >= 300)
        {
            return;
        }

        var verb = match.Groups["verb"].Value;
        var ids = match.Groups["id"].Success ? [match.Groups["id"].Value] : form?["jobs[]"].Where(id => id is not null).Select(id => id!).ToArray() ?? [];
        var recurring = match.Groups["recurring"].Success;
        var action = (recurring, verb) switch
        {
            (true, "trigger") => "job.triggered",
            (true, _) => "job.removed",
            (_, "delete") => "hangfire.job-deleted",
            _ => $"hangfire.job-{verb}d",
        };
        var session = SessionClaims.KeyOf(context.User) is { } key ? await sessions.FindLiveAsync(key, CancellationToken.None) : null;
        var actor = session?.Caller.Description ?? "UI session (ended)";
        var subject = recurring ? string.Join(", ", ids) : $"Hangfire job {string.Join(", ", ids)}";
        await audit.WriteAsync(new AuditChange(action, subject, $"from the Hangfire dashboard ({command.Value})", actor), CancellationToken.None);
    }

    // The dashboard's commands: /recurring/trigger|remove, /jobs/<state>/requeue|enqueue|delete, /jobs/actions/requeue|delete/<id>.
    [GeneratedRegex("^/(?:(?<recurring>recurring)/(?<verb>trigger|remove)|jobs/[a-z]+/(?<verb>requeue|enqueue|delete)|jobs/actions/(?<verb>requeue|delete)/(?<id>[0-9]+))$")]
    private static partial Regex Command();
}
