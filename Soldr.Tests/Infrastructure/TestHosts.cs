using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Soldr.Tests.Infrastructure;

/// <summary>Real Kestrel hosts on free loopback ports, configured in memory.</summary>
public static class TestHosts
{
    /// <summary>
    /// An empty content root: the test output also holds the services' appsettings.json files (they come
    /// with the project references), whose Kestrel endpoints must not apply to test hosts.
    /// </summary>
    public static string ContentRoot { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-host-root")).FullName;

    /// <summary>A builder with a test host's <paramref name="defaults"/>, each overridden by <paramref name="overrides"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(
        IReadOnlyDictionary<string, string?> defaults, IReadOnlyDictionary<string, string?>? overrides, string applicationName = "Soldr.Tests")
    {
        var builder = CreateBuilder(defaults, applicationName);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        return builder;
    }

    /// <summary>
    /// A builder configured with <paramref name="configuration"/>. A host that serves a service's static
    /// assets takes that service's <paramref name="applicationName"/>, which names its assets' manifests.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> configuration, string applicationName = "Soldr.Tests")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = applicationName,
            ContentRootPath = ContentRoot,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return builder;
    }

    /// <summary>Starts a test host; one that fails to start is disposed, so its ports and files are freed.</summary>
    public static async Task StartOrDisposeAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static Uri BaseAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.First());
    }
}
