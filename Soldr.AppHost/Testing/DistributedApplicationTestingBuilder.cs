using Soldr.AppHost.Hosting;
using Soldr.AppHost.Orchestration;

namespace Soldr.AppHost.Testing;

/// <summary>
/// Starts an AppHost run inside a test, the role Aspire.Hosting.Testing plays: either the AppHost's real
/// entry point (Program.cs with its declarations) or resources the test declares itself. The test
/// passes arguments such as a temporary data folder and free ports, gets the running stack back, and
/// disposes it to stop every process.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Runs <typeparamref name="TEntryPoint"/>'s assembly entry point with <paramref name="args"/>.</summary>
    public static Task<TestingApplication> StartAsync<TEntryPoint>(IReadOnlyList<string> args, TextWriter output, TimeSpan timeout)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(args);
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        return StartCoreAsync(
            // An async Main compiles to a synchronous entry point that blocks on it; this runs on its own task.
            async () => entryPoint.Invoke(null, [args.ToArray()]) switch
            {
                Task<int> task => await task,
                int code => code,
                _ => throw new InvalidOperationException("The entry point must return an exit code."),
            },
            output,
            timeout);
    }

    /// <summary>Runs only what <paramref name="declare"/> adds, e.g. PostgreSQL and Redis for integration tests.</summary>
    public static Task<TestingApplication> StartAsync(IReadOnlyList<string> args, Action<DistributedApplicationBuilder> declare, TextWriter output, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(declare);
        return StartCoreAsync(
            () =>
            {
                var builder = DistributedApplication.CreateBuilder([.. args]);
                declare(builder);
                return builder.Build().RunAsync();
            },
            output,
            timeout);
    }

    private static async Task<TestingApplication> StartCoreAsync(Func<Task<int>> runApplication, TextWriter output, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(output);
        var stop = new CancellationTokenSource();
        var hook = new TestingHook(new ResourceConsole(output, output, useColour: false), stop.Token);
        var run = Task.Run(() =>
        {
            TestingHook.Current = hook;
            return runApplication();
        });

        var first = await Task.WhenAny(hook.Running, run, Task.Delay(timeout));
        if (first == hook.Running && hook.Running.IsCompletedSuccessfully)
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

        throw new DistributedApplicationException(first == run
            ? $"The AppHost exited with code {exitCode} before the stack was up."
            : $"The stack was not up within {timeout.TotalSeconds:0} s.");
    }
}
