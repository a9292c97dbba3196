using Microsoft.Extensions.Options;

namespace Soldr.Ingest.Ingestion;

public static class IngestApi
{
    public const string RequestIdHeader = "Soldr-Request-Id";

    /// <summary>
    /// Any method, any path, on <c>&lt;name&gt;.&lt;base-domain&gt;</c> or under <c>/w/&lt;name&gt;/</c>. The host form
    /// has the lowest order so that on a webhook host even <c>/health</c> belongs to the webhook.
    /// </summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var baseDomain = endpoints.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.BaseDomain;

        endpoints.Map("/{**path}", IngestByHost)
            .RequireHost($"*.{baseDomain}")
            .WithOrder(-1)
            .WithName("IngestByHost")
            .WithSummary("Saves a webhook sent to <name>.<base-domain>");

        endpoints.Map("/w/{name}/{**rest}", IngestByPath)
            .WithName("IngestByPath")
            .WithSummary("Saves a webhook sent to /w/<name>/...");

        return endpoints;
    }

    private static Task<IResult> IngestByHost(HttpContext context, IngestHandler handler, IOptions<IngestOptions> options)
    {
        var name = WebhookAddress.FromHost(context.Request.Host.Host, options.Value.BaseDomain);
        return name is null
            ? Task.FromResult(handler.UnknownAddress(context))
            : handler.SaveAsync(context, name, context.Request.Path.Value ?? "/");
    }

    private static Task<IResult> IngestByPath(HttpContext context, string name, string? rest, IngestHandler handler)
    {
        var webhook = WebhookAddress.FromPathSegment(name);
        return webhook is null
            ? Task.FromResult(handler.UnknownAddress(context))
            : handler.SaveAsync(context, webhook, "/" + rest);
    }
}
