using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Soldr.Tests.Infrastructure;

/// <summary>Finds a service's own process among those Aspire started (it runs each through <c>dotnet run</c>).</summary>
public static class ServiceProcesses
{
    /// <summary>The one process running <paramref name="executable"/> whose environment holds <paramref name="marker"/>.</summary>
    public static Process Find(string executable, string marker)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0];
                if (Path.GetFileName(command) == executable
                    && Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ"))).Contains(marker, StringComparison.Ordinal))
                {
                    return Process.GetProcessById(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        throw new InvalidOperationException($"No {executable} process with '{marker}' in its environment.");
    }

    /// <summary>Every process whose command line or environment mentions <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> Mentioning(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal)
                    || Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ"))).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
