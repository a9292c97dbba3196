using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting;

/// <summary>How a service's endpoints are declared: where users expect them when run, standard ports when published.</summary>
public static class ServiceEndpoints
{
    /// <summary>The port each service's internal endpoint (health, <c>/metrics</c>) listens on in a container.</summary>
    public const int PublishedInternalPort = 8090;

    /// <summary>
    /// The service's Kestrel endpoint <paramref name="name"/> (declared in its appsettings.json). When run,
    /// it listens on <paramref name="port"/> at <paramref name="bind"/> itself, not behind Aspire's proxy:
    /// the services see each client's own address (per-client limits, trusted proxies), and no hop is
    /// added to every webhook.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceEndpoint(
        this IResourceBuilder<ProjectResource> project, string name, int port, string bind, bool external = false)
    {
        ArgumentNullException.ThrowIfNull(project);
        var run = project.ApplicationBuilder.ExecutionContext.IsRunMode;
        project.WithEndpoint(name, endpoint =>
        {
            endpoint.UriScheme = "http";
            endpoint.Transport = "http";
            endpoint.IsExternal = external;
            if (run)
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.TargetHost = bind;
                endpoint.IsProxied = false;
            }
        }, createIfNotExists: true);

        // Aspire keeps the host from appsettings.json for Kestrel's own endpoints; the bind address given wins.
        var url = $"http://{UrlHost(bind)}:{port.ToString(CultureInfo.InvariantCulture)}";
        return run ? project.WithEnvironment($"Kestrel__Endpoints__{name}__Url", url) : project;
    }

    /// <summary>
    /// An endpoint for health checks and the Prometheus scrape (<c>/metrics</c>), never public: loopback
    /// when run, not exposed outside the environment when published.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInternalEndpoint(this IResourceBuilder<ProjectResource> project, string name = "internal")
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            project.WithServiceEndpoint(name, Ports.GetFree(), "127.0.0.1");
        }
        else
        {
            project.WithEndpoint(name, endpoint =>
            {
                endpoint.UriScheme = "http";
                endpoint.Transport = "http";
                endpoint.TargetPort ??= PublishedInternalPort;
            }, createIfNotExists: true);
        }

        return project
            .WithEnvironment("Soldr__Metrics__Port", project.GetEndpoint(name).Property(EndpointProperty.TargetPort))
            .WithHttpHealthCheck("/health", endpointName: name)
            .WithUrlForEndpoint(name, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
    }

    /// <summary>A bind address as a URL's host: an IPv6 address goes in brackets.</summary>
    internal static string UrlHost(string bind) =>
        bind.Contains(':', StringComparison.Ordinal) && !bind.StartsWith('[') ? $"[{bind}]" : bind;
}
