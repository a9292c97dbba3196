using Soldr.AppHost.Orchestration;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// Something the AppHost brings up: a server, a database, a service. Each resource prepares what others
/// need to know about it (ports, connection strings) before anything starts, then starts once the
/// resources it waits for are ready, and stops after the resources that depend on it.
/// </summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>Resources that must be ready before this one starts.</summary>
    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Resources this one uses (their connection strings or endpoints); they stop after it.</summary>
    public List<Resource> References { get; } = [];

    /// <summary>State shown in the status table.</summary>
    public ResourceState State { get; internal set; } = ResourceState.NotStarted;

    /// <summary>Where to reach it, for the status table.</summary>
    public virtual string? DisplayUrl => null;

    /// <summary>A short note for the status table (how it was provisioned, where its secret is).</summary>
    public string? Note { get; set; }

    /// <summary>A note computed when the table is shown, once ports and settings are final.</summary>
    public Func<string>? NoteFactory { get; set; }

    public string? DisplayNote => NoteFactory?.Invoke() ?? Note;

    /// <summary>The process behind the resource, when the AppHost runs one.</summary>
    public ManagedProcess? Process { get; protected set; }

    /// <summary>Decides ports, passwords and the provisioning route; fails fast on bad input.</summary>
    internal virtual Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the resource and returns once it is ready for its dependents.</summary>
    internal abstract Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken);

    /// <summary>Stops what <see cref="StartAsync"/> started, gracefully.</summary>
    internal virtual async Task StopAsync(OrchestrationContext context)
    {
        if (Process is not null)
        {
            await Process.StopAsync();
        }
    }
}

/// <summary>The life of a resource, as shown to the user.</summary>
public enum ResourceState
{
    NotStarted,
    Starting,
    Running,
    Healthy,
    Failed,
    Exited,
    Stopped,
}
