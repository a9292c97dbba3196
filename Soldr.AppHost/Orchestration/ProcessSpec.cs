namespace Soldr.AppHost.Orchestration;

/// <summary>What to run for a resource, and how it prefers to be stopped.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the AppHost's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Inherited variables that must not reach the child (they would override its configuration).</summary>
    public IReadOnlyCollection<string> RemoveEnvironment { get; init; } = [];

    /// <summary>The signal that asks for a graceful stop.</summary>
    public int StopSignal { get; init; } = ProcessSignals.SigTerm;

    /// <summary>How long a graceful stop may take before the process group is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
