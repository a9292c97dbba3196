using Soldr.AppHost.Hosting.Resources;

namespace Soldr.AppHost.Testing;

/// <summary>A started stack, as a test sees it: each resource's URL, connection string and process.</summary>
public sealed class RunningApplication
{
    private readonly IReadOnlyList<Resource> _resources;

    internal RunningApplication(IReadOnlyList<Resource> resources, string dataFolder)
    {
        _resources = resources;
        DataFolder = dataFolder;
    }

    public string DataFolder { get; }

    public Uri GetEndpoint(string resource, string endpointName = "http") =>
        new(Get<ProjectResource>(resource).GetEndpoint(endpointName).LocalUrl);

    public string GetConnectionString(string resource) => Get<Resource>(resource) switch
    {
        IResourceWithConnectionString withConnectionString => withConnectionString.ConnectionString,
        _ => throw new InvalidOperationException($"'{resource}' has no connection string."),
    };

    public string GetSecret(string resource) => Get<SecretResource>(resource).Value;

    public ResourceState GetState(string resource) => Get<Resource>(resource).State;

    /// <summary>The pid of the process behind a resource, or null when the AppHost runs none for it.</summary>
    public int? GetProcessId(string resource) => Get<Resource>(resource).Process?.Id;

    public IReadOnlyList<int> GetProcessIds() => [.. _resources.Where(r => r.Process is not null).Select(r => r.Process!.Id)];

    private T Get<T>(string name)
        where T : Resource =>
        _resources.OfType<T>().FirstOrDefault(r => r.Name == name)
        ?? throw new InvalidOperationException($"No resource named '{name}' of kind {typeof(T).Name}.");
}
