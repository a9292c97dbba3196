namespace Soldr.Admin.Security;

/// <summary>
/// Who made a management API call, as the audit log records it: a UI session (its sign-in time and the
/// address it signed in from) or an API client (its address and user agent). The API's authentication
/// sets it once the caller is known; handlers read it with <see cref="Of"/>.
/// </summary>
public sealed record ApiCaller(string Description)
{
    /// <summary>The caller of <paramref name="context"/>, or a description from the connection when none was set.</summary>
    public static ApiCaller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ApiCaller>()
            ?? new ApiCaller($"API client {context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}");
    }
}
