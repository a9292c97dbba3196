using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Soldr.AppHost.Hosting;
using Soldr.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Soldr.Tests.EndToEnd;

/// <summary>The AppHost as a user runs it: a real process, its console output, its exit code, and Ctrl+C.</summary>
[Collection(WholeAppCollectionDefinition.Name)]
public sealed class AppHostProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task CtrlC_StopsEverything_AndLeavesNoProcessBehind_AndKeepsTheData()
    {
        using var apphost = Start("--data-dir", _data.Path, "--ingest-port", "0", "--ui-port", "0", "--api-port", "0", "--dashboard-port", "0");
        await Eventually.UntilAsync(() => apphost.Output.Contains("Soldr is running", StringComparison.Ordinal), "the stack to come up", TimeSpan.FromMinutes(4));
        Assert.Matches(@"Aspire dashboard:\s+http://localhost:\d+/login\?t=\w+", apphost.Output);

        // Every process of the stack mentions its data folder or one of the secrets kept there.
        var markers = new[] { _data.Path, Secret("admin-secret"), Secret("soldr-db-password") };
        var stack = markers.SelectMany(ServiceProcesses.Mentioning).Distinct().ToArray();
        Assert.True(stack.Length >= 5, $"postgres, redis and the three services run ({stack.Length} processes found)");

        await CommandRunner.RunAsync("kill", ["-INT", apphost.Process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(apphost.Process.WaitForExit(TimeSpan.FromMinutes(2)), $"the AppHost exits; still running: {StillRunning(stack)}");
        Assert.Equal(0, apphost.Process.ExitCode);
        await Eventually.UntilAsync(() => markers.SelectMany(ServiceProcesses.Mentioning).Intersect(stack).Any() is false, "every process of the stack to be gone");
        Assert.False(File.Exists(Path.Combine(_data.Path, "postgres", "postmaster.pid")), "PostgreSQL shut down cleanly");
        Assert.True(File.Exists(Path.Combine(_data.Path, "postgres", "PG_VERSION")), "the data is kept");
    }

    [Theory]
    [InlineData(2, "error: unknown option '--bogus'. Run with --help to see the options.", "--bogus")]
    [InlineData(2, "error: AppHost:IngestPort must be a port number from 0 to 65535, not 'eighty'.", "--ingest-port", "eighty")]
    [InlineData(1, "error: ConnectionStrings:soldr is not a valid PostgreSQL connection string", "--ConnectionStrings:soldr", "Hots=x;;=")]
    public void BadInput_GetsAOneLineAnswer(int exitCode, string expected, params string[] args)
    {
        using var apphost = Start(["--data-dir", _data.Path, .. args]);

        Assert.True(apphost.Process.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(exitCode, apphost.Process.ExitCode);
        var errorLine = Assert.Single(apphost.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(expected, errorLine, StringComparison.Ordinal);
    }

    [Fact]
    public void ABusyPort_IsNamedWithTheResource()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        using var apphost = Start("--data-dir", _data.Path, "--ingest-port", port, "--ui-port", "0", "--api-port", "0");

        Assert.True(apphost.Process.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, apphost.Process.ExitCode);
        Assert.Contains($"error: ingest cannot listen on port {port} (http): the port is already in use; choose another with --ingest-port <port>.", apphost.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadServiceSetting_StopsTheStart_WithOneLineNamingTheKey_AndNoStackTrace()
    {
        using var apphost = Start(
            "--data-dir", _data.Path, "--ingest-port", "0", "--ui-port", "0", "--api-port", "0",
            "--Soldr:Webhooks:demo:Destinations:0:Url=http://127.0.0.1:9/hook", "--Soldr:Webhooks:demo:Retry:MaxAttempts=0");

        Assert.True(apphost.Process.WaitForExit(TimeSpan.FromMinutes(3)));
        Assert.Equal(1, apphost.Process.ExitCode);
        Assert.Matches(
            @"error: (ingest|worker|admin) exited with code 1 while starting: Soldr:Webhooks:demo:Retry:MaxAttempts must be between 1 and 100\.",
            apphost.Errors);
        Assert.DoesNotContain("Unhandled exception", apphost.FinalOutput + apphost.Errors, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\|\s+at ", apphost.FinalOutput);
    }

    public void Dispose() => _data.Dispose();

    private string Secret(string file) => File.ReadAllText(Path.Combine(_data.Path, file)).Trim();

    private RunningAppHost Start(params string[] args)
    {
        var appHost = typeof(AppHostProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Soldr.AppHostPath").Value!;
        // Through env, which then execs dotnet in its place: Ctrl+C (SIGINT) is restored to its default, as in a
        // terminal. A test runner started in the background by a script inherits SIGINT ignored, and so would
        // the AppHost, which then never hears the Ctrl+C this test sends.
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--default-signal=INT");
        startInfo.ArgumentList.Add("dotnet");

        // What the AppHost's launch profile gives "dotnet run": a dashboard without a trusted certificate.
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        startInfo.ArgumentList.Add(Path.ChangeExtension(appHost, ".dll"));

        // As "dotnet run" does; the test's own folder holds the services' appsettings.json, which the dashboard's host would read.
        startInfo.WorkingDirectory = Path.GetDirectoryName(appHost)!;
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return new RunningAppHost(Process.Start(startInfo)!, output);
    }

    private sealed class RunningAppHost : IDisposable
    {
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _errors = new();

        public RunningAppHost(Process process, ITestOutputHelper testOutput)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(_output, e.Data, testOutput);
            process.ErrorDataReceived += (_, e) => Append(_errors, e.Data, testOutput);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Everything written to standard output, once the AppHost has exited.</summary>
        public string FinalOutput => AfterExit(_output);

        /// <summary>Everything written to standard error, once the AppHost has exited.</summary>
        public string Errors => AfterExit(_errors);

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                CommandRunner.RunAsync("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), CancellationToken.None)
                    .GetAwaiter().GetResult();
                Process.WaitForExit(TimeSpan.FromMinutes(1));
            }

            Process.Dispose();
        }

        /// <summary>
        /// A timed WaitForExit can return before the last lines have been read; the untimed one waits for
        /// the end of both outputs.
        /// </summary>
        private string AfterExit(StringBuilder buffer)
        {
            Process.WaitForExit();
            lock (buffer)
            {
                return buffer.ToString();
            }
        }

        private static void Append(StringBuilder buffer, string? line, ITestOutputHelper testOutput)
        {
            if (line is null)
            {
                return;
            }

            lock (buffer)
            {
                buffer.AppendLine(line);
            }

            try
            {
                testOutput.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>The stack's processes still alive, by name, for a message that says which one did not stop.</summary>
    private static string StillRunning(IEnumerable<int> stack) =>
        string.Join(", ", stack.Select(pid =>
        {
            try
            {
                return $"{pid} {File.ReadAllText($"/proc/{pid}/comm").Trim()}";
            }
            catch (IOException)
            {
                return null; // gone meanwhile
            }
        }).OfType<string>());
}
