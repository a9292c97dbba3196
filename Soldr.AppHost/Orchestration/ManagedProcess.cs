using System.Diagnostics;

namespace Soldr.AppHost.Orchestration;

/// <summary>
/// A child process the AppHost owns. It runs in a session of its own (via <c>setsid</c>), so a Ctrl+C
/// in the terminal reaches only the AppHost, which then stops children in order: services first,
/// servers last. Every line it writes is forwarded with the resource's prefix, and the last few are
/// kept to explain an unexpected exit.
/// </summary>
public sealed class ManagedProcess
{
    private const int KeptLines = 20;
    private const string SetsidPath = "/usr/bin/setsid";

    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly Queue<string> _recent = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopRequested;

    private ManagedProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
    }

    public int Id { get; private set; }

    public int StopSignal => _spec.StopSignal;

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Whether the AppHost asked it to stop (so its exit is expected).</summary>
    public bool StopRequested => Volatile.Read(ref _stopRequested) == 1;

    /// <summary>The last lines printed, stack frames left out so an exception's message is not pushed out by them.</summary>
    public IReadOnlyList<string> RecentLines
    {
        get
        {
            lock (_recent)
            {
                return [.. _recent];
            }
        }
    }

    public static ManagedProcess Start(string resource, ProcessSpec spec, ResourceConsole console)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(console);
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };

        // setsid makes the child the leader of a new session and process group. It only forks when its
        // caller already leads a group, which a child just forked by .NET does not, so it execs in place
        // and the pid stays the program's own. Without setsid, a terminal's Ctrl+C would reach every
        // child at once instead of letting the AppHost stop them in order.
        if (File.Exists(SetsidPath))
        {
            startInfo.FileName = SetsidPath;
            startInfo.ArgumentList.Add(spec.FileName);
        }
        else
        {
            startInfo.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in spec.RemoveEnvironment)
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, spec);
        process.OutputDataReceived += (_, e) => managed.OnLine(resource, e.Data, console);
        process.ErrorDataReceived += (_, e) => managed.OnLine(resource, e.Data, console);
        process.Exited += (_, _) => managed.OnExited();

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new OrchestrationException($"{resource}: could not start '{spec.FileName}': {ex.Message}");
        }

        managed.Id = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>
    /// Asks the process to stop with its stop signal, waits up to its stop timeout, then kills its whole
    /// process group so nothing it started is left behind.
    /// </summary>
    public async Task StopAsync()
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        if (Exited.IsCompleted)
        {
            return;
        }

        ProcessSignals.SendToGroupOrProcess(Id, _spec.StopSignal);
        if (await Task.WhenAny(Exited, Task.Delay(_spec.StopTimeout)) != Exited)
        {
            Kill();
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        // Anything the process started and left running in its group goes with it.
        ProcessSignals.SendToGroup(Id, ProcessSignals.SigKill);
    }

    /// <summary>Kills the process group at once (second Ctrl+C, or the AppHost itself exiting).</summary>
    public void Kill()
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        ProcessSignals.SendToGroupOrProcess(Id, ProcessSignals.SigKill);
    }

    private void OnLine(string resource, string? line, ResourceConsole console)
    {
        if (line is null)
        {
            return;
        }

        console.ResourceLine(resource, line);
        if (IsStackFrame(line))
        {
            return;
        }

        lock (_recent)
        {
            _recent.Enqueue(line);
            if (_recent.Count > KeptLines)
            {
                _recent.Dequeue();
            }
        }
    }

    private static bool IsStackFrame(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith("at ", StringComparison.Ordinal) || trimmed.StartsWith("--- End of", StringComparison.Ordinal);
    }

    private void OnExited()
    {
        // Let the output readers drain what the process wrote last; the exit code is known already.
        _ = Task.Run(async () =>
        {
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // A grandchild still holds the pipes open; the exit code is all that matters here.
            }

            _exited.TrySetResult(_process.ExitCode);
            _process.Dispose();
        });
    }
}
