using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Soldr.ServiceDefaults;

/// <summary>
/// Writes a health report as a small JSON document (<c>{"status":"Degraded","checks":{"PostgreSql":"Healthy","StackExchange.Redis":"Degraded"}}</c>)
/// so an operator or the AppHost can see which dependency is failing. Only statuses: these endpoints
/// may face the internet (ingest), and failure descriptions name internal hosts; the health check
/// service logs them instead.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString());
        return JsonSerializer.SerializeAsync(
            context.Response.Body,
            new Report(report.Status.ToString(), checks),
            HealthJsonContext.Default.Report,
            context.RequestAborted);
    }

    internal sealed record Report(string Status, Dictionary<string, string> Checks);
}
