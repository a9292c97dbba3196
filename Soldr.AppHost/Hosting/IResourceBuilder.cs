using Soldr.AppHost.Hosting.Resources;

namespace Soldr.AppHost.Hosting;

/// <summary>A declared resource, for the fluent calls that configure it.</summary>
public interface IResourceBuilder<out T>
    where T : Resource
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(T resource, DistributedApplicationBuilder applicationBuilder) : IResourceBuilder<T>
    where T : Resource
{
    public T Resource { get; } = resource;

    public DistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
}
