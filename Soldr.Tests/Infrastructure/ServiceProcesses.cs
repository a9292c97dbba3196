using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Soldr.Tests.Infrastructure;

/// <summary>Finds a stack's processes among those Aspire started (it runs each service through <c>dotnet run</c>).</summary>
public static class ServiceProcesses
{
    /// <summary>The one process running <paramref name="executable"/> whose environment holds <paramref name="marker"/>.</summary>
    public static Process Find(string executable, string marker) =>
        Running().FirstOrDefault(p =>
                Path.GetFileName(p.Command.Split('\0')[0]) == executable && p.Environment.Contains(marker, StringComparison.Ordinal))
            is { Pid: > 0 } found
            ? Process.GetProcessById(found.Pid)
            : throw new InvalidOperationException($"No {executable} process with '{marker}' in its environment.");

    /// <summary>Every other process whose command line or environment mentions <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> Mentioning(string marker) =>
        [.. Running()
            .Where(p => p.Pid != Environment.ProcessId
                && (p.Command.Contains(marker, StringComparison.Ordinal) || p.Environment.Contains(marker, StringComparison.Ordinal)))
            .Select(p => p.Pid)];

    private static IEnumerable<(int Pid, string Command, string Environment)> Running()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string command, environment;
            try
            {
                command = File.ReadAllText(Path.Combine(directory, "cmdline"));
                environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ")));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours to read
            }

            yield return (pid, command, environment);
        }
    }
}
