using Soldr.AppHost.Orchestration;

namespace Soldr.AppHost.Testing;

/// <summary>
/// Starts the AppHost's real entry point (Program.cs, with its declarations) inside a test, the role
/// Aspire.Hosting.Testing plays: the test passes arguments such as a temporary data folder and free
/// ports, gets the running stack back, and disposes it to stop everything.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<TestingApplication> StartAsync<TEntryPoint>(IReadOnlyList<string> args, TextWriter output, TimeSpan timeout)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");

        var stop = new CancellationTokenSource();
        var hook = new TestingHook(new ResourceConsole(output, output, useColour: false), stop.Token);
        var run = Task.Run(async () =>
        {
            TestingHook.Current = hook;
            var result = entryPoint.Invoke(null, [args.ToArray()]);
            return result switch
            {
                Task<int> task => await task,
                Task task => await task.ContinueWith(_ => 0, TaskScheduler.Default),
                int code => code,
                _ => 0,
            };
        });

        var started = await Task.WhenAny(hook.Running, run, Task.Delay(timeout));
        if (started == hook.Running && hook.Running.IsCompletedSuccessfully)
        {
            return new TestingApplication(hook.Running.Result, stop, run);
        }

        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromMinutes(2));
        stop.Dispose();
        if (hook.Running.IsFaulted)
        {
            throw hook.Running.Exception!.GetBaseException();
        }

        throw new DistributedApplicationException(
            started == run ? $"The AppHost exited with code {exitCode} before the stack was up." : $"The stack was not up within {timeout.TotalSeconds:0} s.");
    }
}

/// <summary>A stack started by a test; dispose it to stop every process.</summary>
public sealed class TestingApplication(RunningApplication running, CancellationTokenSource stop, Task<int> run) : IAsyncDisposable
{
    public RunningApplication Running { get; } = running;

    /// <summary>The AppHost's exit code once disposed.</summary>
    public int? ExitCode { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        ExitCode = await run.WaitAsync(TimeSpan.FromMinutes(2));
        stop.Dispose();
    }
}
