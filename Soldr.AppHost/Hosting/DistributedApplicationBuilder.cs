using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Hosting.Resources;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// Collects the declared resources and the AppHost's configuration. A bad argument does not throw here:
/// it is kept and reported as one line by <see cref="DistributedApplication.RunAsync"/>, so the
/// declarations in Program.cs read straight through.
/// </summary>
public sealed partial class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(IConfiguration configuration, AppHostOptions options, string? startupError)
    {
        Configuration = configuration;
        Options = options;
        StartupError = startupError;
    }

    public IConfiguration Configuration { get; }

    public AppHostOptions Options { get; }

    internal string? StartupError { get; }

    internal IReadOnlyList<Resource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!ResourceName().IsMatch(resource.Name))
        {
            throw new ArgumentException($"Resource name '{resource.Name}' must be lower-case letters, digits and hyphens.", nameof(resource));
        }

        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new ArgumentException($"A resource named '{resource.Name}' is already declared.", nameof(resource));
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build() => new(this);

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex ResourceName();
}
