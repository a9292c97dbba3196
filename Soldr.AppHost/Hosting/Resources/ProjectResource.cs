using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Orchestration;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// A Soldr service, run from its build output with Aspire-convention configuration in its environment:
/// <c>ConnectionStrings__*</c>, <c>services__*</c>, <c>OTEL_*</c>, its Kestrel endpoints, and the
/// AppHost's own <c>Soldr</c> configuration section.
/// </summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    private static readonly string[] InheritedVariablesToDrop =
    [
        "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTPS_PORTS",
    ];

    public IProjectMetadata Project { get; } = project;

    public List<EndpointAnnotation> Endpoints { get; } = [];

    /// <summary>Adds variables to the environment, evaluated when the project starts.</summary>
    public List<Action<IDictionary<string, string>>> EnvironmentCallbacks { get; } = [];

    public (string Endpoint, string Path)? HealthCheck { get; set; }

    /// <summary>Variables set to a folder inside the data folder (relative path), so state survives restarts.</summary>
    public List<(string Variable, string RelativePath)> DataPaths { get; } = [];

    public override string? DisplayUrl => Endpoints.Count switch
    {
        0 => null,
        1 => Endpoints[0].Url,
        _ => string.Join(", ", Endpoints.Select(e => $"{e.Url} ({e.Name})")),
    };

    public EndpointAnnotation GetEndpoint(string endpointName) =>
        Endpoints.FirstOrDefault(e => e.Name == endpointName)
        ?? throw new InvalidOperationException($"{Name} has no endpoint named '{endpointName}'.");

    internal override Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(Project.AssemblyPath))
        {
            throw new OrchestrationException($"{Name}: '{Project.AssemblyPath}' is missing; build the solution (dotnet build) and try again.");
        }

        foreach (var endpoint in Endpoints)
        {
            if (endpoint.Port == 0)
            {
                endpoint.Port = Ports.GetFree();
            }
            else if (Ports.IsInUse(endpoint.BindAddress, endpoint.Port))
            {
                var hint = endpoint.PortOption is null ? string.Empty : $"; choose another with {endpoint.PortOption} <port>";
                throw new OrchestrationException($"{Name} cannot listen on port {endpoint.Port} ({endpoint.Name}): the port is already in use{hint}.");
            }
        }

        return Task.CompletedTask;
    }

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec(DotNetMuxer.Path, [Project.AssemblyPath])
        {
            WorkingDirectory = Path.GetDirectoryName(Project.AssemblyPath),
            Environment = BuildEnvironment(context),
            RemoveEnvironment = InheritedVariablesToDrop,
            StopSignal = ProcessSignals.SigTerm,
            // Longer than a service's own shutdown timeout (the worker lets sends in flight finish).
            StopTimeout = TimeSpan.FromSeconds(60),
        };
        Process = context.Track(Name, ManagedProcess.Start(Name, spec, context.Console));

        if (HealthCheck is { } check)
        {
            var url = new Uri(GetEndpoint(check.Endpoint).LocalUrl + check.Path);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Readiness.WaitAsync(Name, async ct =>
            {
                using var response = await http.GetAsync(url, ct);
                return response.IsSuccessStatusCode
                    ? null
                    : $"{check.Path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }, Process, TimeSpan.FromSeconds(90), cancellationToken);
        }
    }

    internal Dictionary<string, string> BuildEnvironment(OrchestrationContext context)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["ASPNETCORE_ENVIRONMENT"] = context.Options.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = Name,
            // One line per entry, so the AppHost's prefix marks every line.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss ",
        };

        foreach (var key in (string[])["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS"])
        {
            if (context.Configuration[key] is { Length: > 0 } value)
            {
                environment[key] = value;
            }
        }

        foreach (var endpoint in Endpoints)
        {
            environment[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = endpoint.Url;
        }

        // Before the Soldr section, so a path the operator configured explicitly wins.
        foreach (var (variable, relativePath) in DataPaths)
        {
            environment[variable] = context.DataFolder.Combine(relativePath);
        }

        foreach (var (key, value) in context.Configuration.GetSection("Soldr").AsEnumerable())
        {
            if (value is not null)
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        foreach (var callback in EnvironmentCallbacks)
        {
            callback(environment);
        }

        return environment;
    }
}
