using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Soldr.Admin.Client;

public static class SoldrApiClientExtensions
{
    /// <summary>
    /// Registers <see cref="SoldrApiClient"/> against the management API at <paramref name="baseAddress"/>,
    /// sending <paramref name="secret"/> as the bearer token on every call. Where an
    /// <see cref="ISessionKeySource"/> is registered (the management UI, per page), each client is made in
    /// its caller's scope with that scope's source, and carries the session too.
    /// </summary>
    public static IHttpClientBuilder AddSoldrApiClient(this IServiceCollection services, Uri baseAddress, string secret)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        return services.AddHttpClient<SoldrApiClient>(client =>
        {
            client.BaseAddress = baseAddress;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        });
    }
}
