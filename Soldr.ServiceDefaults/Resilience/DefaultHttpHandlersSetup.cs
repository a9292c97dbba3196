using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Polly;
using Soldr.ServiceDefaults.Discovery;

namespace Soldr.ServiceDefaults.Resilience;

/// <summary>
/// Adds the default handlers to every HttpClient the factory builds: resilience outermost (unless the
/// client opted out), then service discovery, so that each retry resolves its address again.
/// </summary>
internal sealed class DefaultHttpHandlersSetup(
    ResiliencePipeline<HttpResponseMessage> pipeline,
    ServiceEndpointResolver resolver,
    IOptions<DefaultResilienceExclusions> exclusions) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        var resilient = !exclusions.Value.ClientNames.Contains(name ?? Options.DefaultName);
        options.HttpMessageHandlerBuilderActions.Add(handlers =>
        {
            if (resilient)
            {
                handlers.AdditionalHandlers.Add(new ResilienceHandler(pipeline));
            }

            handlers.AdditionalHandlers.Add(new ServiceDiscoveryHandler(resolver));
        });
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}
