namespace Soldr.ServiceDefaults.Discovery;

/// <summary>Rewrites each outgoing request's logical address to a configured endpoint, per attempt.</summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } address && resolver.Resolve(address) is { } resolved)
        {
            request.RequestUri = resolved;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
