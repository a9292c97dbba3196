using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting;

/// <summary>Folders a service keeps in Soldr's data folder when run (published services keep their own defaults).</summary>
public static class DataPaths
{
    public static IResourceBuilder<ProjectResource> WithDataPath(
        this IResourceBuilder<ProjectResource> project, string variable, DataFolder? data, params string[] relativePath)
    {
        ArgumentNullException.ThrowIfNull(project);
        return data is null ? project : project.WithEnvironment(variable, Path.Combine([data.Path, .. relativePath]));
    }
}
