namespace Soldr.ServiceDefaults.Discovery;

/// <summary>
/// Rewrites each outgoing request's logical address (<c>http://admin-api/...</c>) to a configured endpoint.
/// The logical address is kept on the request, so a retry that passes through here again resolves it
/// afresh instead of reusing the first pick.
/// </summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<Uri> LogicalAddress = new("Soldr.LogicalAddress");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(LogicalAddress, out var logical) && request.RequestUri is { IsAbsoluteUri: true } address)
        {
            logical = address;
            request.Options.Set(LogicalAddress, logical);
        }

        if (logical is not null && resolver.Resolve(logical) is { } resolved)
        {
            request.RequestUri = resolved;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
