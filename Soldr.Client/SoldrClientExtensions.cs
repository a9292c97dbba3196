using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Soldr.Client;

public static class SoldrClientExtensions
{
    /// <summary>
    /// Registers <see cref="ISoldrApi"/> against the management API at <paramref name="baseAddress"/>,
    /// sending <paramref name="secret"/> as the bearer token on every call.
    /// </summary>
    public static IHttpClientBuilder AddSoldrClient(this IServiceCollection services, Uri baseAddress, string secret)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return services
            .AddRefitGeneratedClient<ISoldrApi>(SoldrClient.Settings(), SoldrClient.HttpClientName)
            .ConfigureHttpClient(client =>
            {
                client.BaseAddress = baseAddress;
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            });
    }
}
