using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Soldr.AppHost.Hosting;

/// <summary>What every Soldr service gets from the AppHost besides its references.</summary>
public static class ServiceConfiguration
{
    /// <summary>Given to the services as the admin secret parameter, never as plain configuration.</summary>
    public const string AdminSecretKey = "Soldr:Admin:Secret";

    /// <summary>
    /// Soldr's settings given to the AppHost (<c>--Soldr:Section:Key=value</c>, <c>Soldr__Section__Key</c>),
    /// and the Production environment the services are built for, whatever the AppHost's own is.
    /// ASP.NET Core's forwarded-headers middleware, which Aspire turns on when publishing, stays off: it
    /// would believe <c>X-Forwarded-For</c> from any peer, where ingest believes only its
    /// <c>Soldr:Ingest:TrustedProxies</c> and the admin counts wrong secrets by the real peer.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSoldrConfiguration(this IResourceBuilder<ProjectResource> project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var configuration = project.ApplicationBuilder.Configuration;
        project.ApplicationBuilder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            // Without the dashboard (--no-dashboard, tests) Aspire would still point the services' exporter
            // at its port, where nothing listens: they would collect telemetry for nobody and wait on it
            // when they stop.
            if (e.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
            {
                foreach (var otlp in project.Resource.Annotations.OfType<OtlpExporterAnnotation>().ToList())
                {
                    project.Resource.Annotations.Remove(otlp);
                }
            }

            return Task.CompletedTask;
        });

        // Run locally the services serve plain HTTP (the API's TLS is Soldr's own setting), so they need
        // no development certificate, and the dashboard need not warn that none is trusted.
        if (project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
#pragma warning disable ASPIRECERTIFICATES001 // marked for evaluation in Aspire 13.6; it only drops the certificate callback
            project.WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001
        }

        return project.DisableForwardedHeaders().WithEnvironment(context =>
        {
            context.EnvironmentVariables["DOTNET_ENVIRONMENT"] = "Production";
            context.EnvironmentVariables["ASPNETCORE_ENVIRONMENT"] = "Production";
            foreach (var (key, value) in configuration.GetSection("Soldr").AsEnumerable())
            {
                if (value is not null && !string.Equals(key, AdminSecretKey, StringComparison.OrdinalIgnoreCase))
                {
                    context.EnvironmentVariables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
                }
            }
        });
    }
}
