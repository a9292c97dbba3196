using Soldr.AppHost.Orchestration;

namespace Soldr.AppHost.Testing;

/// <summary>
/// Connects a test to an AppHost run started from its entry point: the run reports to the hook when it
/// is up (or why it failed) and stops when the test asks, instead of on Ctrl+C. The hook travels with
/// the async flow, so parallel tests each drive their own run.
/// </summary>
internal sealed class TestingHook(ResourceConsole console, CancellationToken stopRequested)
{
    private static readonly AsyncLocal<TestingHook?> CurrentHook = new();
    private readonly TaskCompletionSource<RunningApplication> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TestingHook? Current
    {
        get => CurrentHook.Value;
        set => CurrentHook.Value = value;
    }

    public ResourceConsole Console { get; } = console;

    public CancellationToken StopRequested { get; } = stopRequested;

    public Task<RunningApplication> Running => _started.Task;

    public void Started(RunningApplication application) => _started.TrySetResult(application);

    public void Failed(string message) => _started.TrySetException(new DistributedApplicationException(message));
}
