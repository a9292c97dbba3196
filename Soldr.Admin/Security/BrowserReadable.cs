namespace Soldr.Admin.Security;

/// <summary>
/// Marks what a browser opens by navigation on the API's port, the reference page, its assets and the
/// OpenAPI document, where it cannot send a bearer token: there, and for GET and HEAD only, the secret
/// may come as the password of HTTP Basic. Never on /api routes: a browser replays cached Basic
/// credentials on requests other sites make it send, which would let any page drive the API.
/// </summary>
internal sealed class BrowserReadable
{
    public static readonly BrowserReadable Instance = new();

    private BrowserReadable()
    {
    }

    public static bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && context.GetEndpoint()?.Metadata.GetMetadata<BrowserReadable>() is not null;
    }
}
