using Soldr.AppHost.Hosting.Resources;

namespace Soldr.AppHost.Orchestration;

/// <summary>
/// Brings the declared resources up in dependency order and down in reverse. Every resource is
/// prepared first (ports, passwords, provisioning route), so bad input fails before anything runs;
/// then each starts as soon as what it waits for is ready, independent branches in parallel.
/// </summary>
internal sealed class Orchestrator(IReadOnlyList<Resource> resources, OrchestrationContext context)
{
    private readonly Dictionary<Resource, Task> _starts = [];
    private readonly Dictionary<Resource, Task> _stops = [];
    private readonly Lock _gate = new();

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
        {
            await resource.PrepareAsync(context, cancellationToken);
        }
    }

    /// <summary>
    /// Starts everything. The first failure cancels the starts still waiting, so it is reported at once
    /// rather than after the slowest readiness timeout.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var all = resources.Select(resource => StartOne(resource, firstFailure.Token)).ToArray();
        foreach (var start in all)
        {
            _ = start.ContinueWith(_ => CancelQuietly(firstFailure), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        try
        {
            await Task.WhenAll(all);
        }
        catch
        {
            // WhenAll throws the first exception; prefer one the user can act on over the cancellations it caused.
            var failures = all.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException()).ToArray();
            throw failures.OfType<OrchestrationException>().FirstOrDefault()
                ?? failures.FirstOrDefault(f => f is not OperationCanceledException)
                ?? failures.FirstOrDefault()
                ?? new OperationCanceledException();
        }
    }

    // A start may fail after StartAsync has returned and disposed the source; there is nothing left to cancel then.
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Reports any process that ends without being asked to, and leaves the rest running.</summary>
    public void WatchForUnexpectedExits()
    {
        foreach (var resource in resources.Where(r => r.Process is not null))
        {
            var process = resource.Process!;
            _ = process.Exited.ContinueWith(
                _ =>
                {
                    if (process.StopRequested)
                    {
                        return;
                    }

                    resource.State = ResourceState.Exited;
                    context.Console.Error(Readiness.DescribeExit(resource.Name, process, "unexpectedly"));
                    context.Console.Info("The other resources keep running; press Ctrl+C to stop everything.");
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Stops each resource after everything that depends on it: services, then Redis and PostgreSQL.</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(resources.Select(StopOne));
    }

    /// <summary>Kills every process at once: a second Ctrl+C, or the AppHost process exiting.</summary>
    public void KillAll()
    {
        foreach (var resource in resources)
        {
            if (resource.Process is { Exited.IsCompleted: false } process)
            {
                process.Kill();
            }
        }
    }

    private Task StartOne(Resource resource, CancellationToken cancellationToken) =>
        Once(_starts, resource, () => StartAfterDependenciesAsync(resource, cancellationToken));

    private async Task StartAfterDependenciesAsync(Resource resource, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await Task.WhenAll(resource.WaitsFor.Select(dependency => StartOne(dependency, cancellationToken)));
        resource.State = ResourceState.Starting;
        try
        {
            await resource.StartAsync(context, cancellationToken);
            resource.State = resource is ProjectResource { HealthCheck: not null } ? ResourceState.Healthy : ResourceState.Running;
        }
        catch
        {
            resource.State = ResourceState.Failed;
            throw;
        }
    }

    private Task StopOne(Resource resource) => Once(_stops, resource, () => StopAfterDependentsAsync(resource));

    /// <summary>Each resource is started (or stopped) once, however many others wait on it.</summary>
    private Task Once(Dictionary<Resource, Task> tasks, Resource resource, Func<Task> run)
    {
        lock (_gate)
        {
            if (!tasks.TryGetValue(resource, out var task))
            {
                task = run();
                tasks[resource] = task;
            }

            return task;
        }
    }

    private async Task StopAfterDependentsAsync(Resource resource)
    {
        await Task.Yield();
        var dependents = resources.Where(r => r.WaitsFor.Contains(resource) || r.References.Contains(resource));
        await Task.WhenAll(dependents.Select(StopOne));
        var running = resource.Process is { Exited.IsCompleted: false };
        await resource.StopAsync(context);
        if (resource.State is not ResourceState.NotStarted and not ResourceState.Failed)
        {
            resource.State = ResourceState.Stopped;
        }

        // Some servers stop without a word (Garnet says nothing): each stop is told here, in the order
        // it happened, whatever the process itself printed.
        if (running)
        {
            context.Console.Info($"Stopped {resource.Name}.");
        }
    }
}
