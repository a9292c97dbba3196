using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Polly;
using Soldr.ServiceDefaults.Discovery;

namespace Soldr.ServiceDefaults.Resilience;

/// <summary>
/// Adds the default handlers to every HttpClient the factory builds: resilience outermost (unless the
/// client opted out), then service discovery (unless the client opted out), so that each retry resolves
/// its address again.
/// </summary>
internal sealed class DefaultHttpHandlersSetup(
    ResiliencePipeline<HttpResponseMessage> pipeline,
    ServiceEndpointResolver resolver,
    IOptions<DefaultHandlerExclusions> exclusions) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        var client = name ?? Options.DefaultName;
        var resilient = !exclusions.Value.WithoutResilience.Contains(client);
        var discovered = !exclusions.Value.WithoutServiceDiscovery.Contains(client);
        options.HttpMessageHandlerBuilderActions.Add(handlers =>
        {
            if (resilient)
            {
                handlers.AdditionalHandlers.Add(new ResilienceHandler(pipeline));
            }

            if (discovered)
            {
                handlers.AdditionalHandlers.Add(new ServiceDiscoveryHandler(resolver));
            }
        });
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}
