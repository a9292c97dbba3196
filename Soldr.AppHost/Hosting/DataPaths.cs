using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting;

/// <summary>Folders a service keeps in Soldr's data folder when run (published services keep their own defaults).</summary>
public static class DataPaths
{
    /// <summary>
    /// Sets <paramref name="key"/> for the service to a folder inside <paramref name="data"/>, unless the
    /// operator chose one (the AppHost's configuration has the key, and it reaches the service as is).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDataPath(
        this IResourceBuilder<ProjectResource> project, string key, DataFolder? data, params string[] relativePath)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(key);
        return data is null || !string.IsNullOrEmpty(project.ApplicationBuilder.Configuration[key])
            ? project
            : project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), Path.Combine([data.Path, .. relativePath]));
    }
}
