using Microsoft.Extensions.Configuration;

namespace Soldr.ServiceDefaults.Discovery;

/// <summary>
/// Resolves logical service addresses through the configuration keys Aspire writes:
/// <c>http://admin-api/x</c> → <c>services:admin-api:http:0</c>. The endpoint name comes from a
/// <c>_name.</c> prefix on the host, else from the scheme; <c>https+http://</c> prefers https.
/// Several addresses under one endpoint are used in turn.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration)
{
    private int _next;

    /// <summary>The resolved address, or null when no <c>services:{host}</c> section names the host.</summary>
    public Uri? Resolve(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (service, explicitEndpoint) = SplitHost(address.Host);
        var services = configuration.GetSection("services").GetSection(service);
        if (!services.Exists())
        {
            return null;
        }

        foreach (var endpoint in CandidateEndpoints(address.Scheme, explicitEndpoint))
        {
            var urls = services.GetSection(endpoint).GetChildren()
                .Select(child => child.Value)
                .OfType<string>()
                .ToArray();
            if (urls.Length == 0)
            {
                continue;
            }

            var pick = urls[(int)((uint)Interlocked.Increment(ref _next) % (uint)urls.Length)];
            if (!Uri.TryCreate(pick, UriKind.Absolute, out var target))
            {
                throw new InvalidOperationException(
                    $"Configuration key 'services:{service}:{endpoint}' holds '{pick}', which is not an absolute URL.");
            }

            return new UriBuilder(address) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return null;
    }

    private static (string Service, string? Endpoint) SplitHost(string host)
    {
        if (host.StartsWith('_'))
        {
            var dot = host.IndexOf('.', StringComparison.Ordinal);
            if (dot > 1)
            {
                return (host[(dot + 1)..], host[1..dot]);
            }
        }

        return (host, null);
    }

    private static string[] CandidateEndpoints(string scheme, string? explicitEndpoint)
    {
        if (explicitEndpoint is not null)
        {
            return [explicitEndpoint];
        }

        return scheme.Split('+', StringSplitOptions.RemoveEmptyEntries);
    }
}
