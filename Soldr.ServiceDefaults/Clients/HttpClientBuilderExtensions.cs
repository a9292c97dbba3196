using Microsoft.Extensions.DependencyInjection;

namespace Soldr.ServiceDefaults.Clients;

public static class HttpClientBuilderExtensions
{
    // The handler AddServiceDiscovery adds; the package keeps the type internal, so it is known by name
    // (a test sends through a client that opted out, and fails if the name ever changes).
    private const string ServiceDiscoveryHandler =
        "Microsoft.Extensions.ServiceDiscovery.Http.ResolvingHttpDelegatingHandler";

    /// <summary>
    /// Removes the standard resilience handler <c>AddServiceDefaults</c> gives every client: for calls whose
    /// retries are decided and recorded elsewhere (deliveries), or that must not be repeated at all (an edit
    /// that timed out after it was saved would be saved twice).
    /// </summary>
    public static IHttpClientBuilder WithoutStandardResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The package's own way to do it, still marked experimental; the tests cover what it must do.
#pragma warning disable EXTEXP0001
        return builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    /// <summary>
    /// Removes the service discovery handler <c>AddServiceDefaults</c> gives every client, so this client's
    /// requests go exactly where their URLs point: for addresses users supply, like destinations, where a
    /// host that happens to share a service's name must not be redirected.
    /// </summary>
    public static IHttpClientBuilder WithoutServiceDiscovery(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
        {
            foreach (var handler in handlers.Where(h => h.GetType().FullName == ServiceDiscoveryHandler).ToList())
            {
                handlers.Remove(handler);
                handler.Dispose();
            }
        });
    }
}
