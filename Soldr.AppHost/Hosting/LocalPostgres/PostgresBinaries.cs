using System.Globalization;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>A folder holding PostgreSQL's <c>initdb</c> and <c>postgres</c>.</summary>
public sealed record PostgresBinaries(string Directory)
{
    public const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string Server => Path.Combine(Directory, "postgres");

    /// <summary>
    /// Looks on PATH first, then under <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian and Ubuntu
    /// keep the server there, off PATH), newest version first.
    /// </summary>
    public static PostgresBinaries? Find(string? pathVariable, string versionedRoot = DebianRoot)
    {
        foreach (var directory in (pathVariable ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsComplete(directory))
            {
                return new PostgresBinaries(directory);
            }
        }

        if (!System.IO.Directory.Exists(versionedRoot))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(versionedRoot)
            .Select(version => (Version: ParseVersion(Path.GetFileName(version)), Bin: Path.Combine(version, "bin")))
            .Where(candidate => candidate.Version >= 0 && IsComplete(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => new PostgresBinaries(candidate.Bin))
            .FirstOrDefault();
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));

    private static double ParseVersion(string name) =>
        double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var version) ? version : -1;
}
