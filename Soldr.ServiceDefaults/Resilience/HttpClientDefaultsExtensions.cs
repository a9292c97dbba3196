using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Soldr.ServiceDefaults.Discovery;

namespace Soldr.ServiceDefaults.Resilience;

public static class HttpClientDefaultsExtensions
{
    /// <summary>Service discovery and the default resilience pipeline for every factory-made HttpClient.</summary>
    public static IServiceCollection AddHttpClientDefaults(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddOptions<HttpResilienceOptions>()
            .BindConfiguration(HttpResilienceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ServiceEndpointResolver>();
        services.AddSingleton(sp => ResiliencePipelines.CreateHttpPipeline(
            sp.GetRequiredService<IOptions<HttpResilienceOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IConfigureOptions<Microsoft.Extensions.Http.HttpClientFactoryOptions>, DefaultHttpHandlersSetup>();
        return services;
    }

    /// <summary>
    /// Leaves this client without the default retries: for calls whose retries are decided and recorded
    /// elsewhere, like deliveries to destinations.
    /// </summary>
    public static IHttpClientBuilder WithoutDefaultResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<DefaultHandlerExclusions>(exclusions => exclusions.WithoutResilience.Add(builder.Name));
        return builder;
    }

    /// <summary>
    /// Sends this client's requests exactly where their URLs point, without looking the host up as a
    /// service name: for addresses users supply, like destinations, where a host that happens to share a
    /// service's name must not be redirected (and where the look-up would only cost time).
    /// </summary>
    public static IHttpClientBuilder WithoutServiceDiscovery(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<DefaultHandlerExclusions>(exclusions => exclusions.WithoutServiceDiscovery.Add(builder.Name));
        return builder;
    }
}
