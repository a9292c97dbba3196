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
        builder.Services.Configure<DefaultResilienceExclusions>(exclusions => exclusions.ClientNames.Add(builder.Name));
        return builder;
    }
}
