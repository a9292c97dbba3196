using System.Globalization;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// initdb and postgres refuse to run as root. When the AppHost is root, they run as this user instead
/// (the system's <c>postgres</c> account, else <c>nobody</c>), started through <c>setpriv</c>, which
/// changes identity and then execs, so the pid the AppHost holds is PostgreSQL's own.
/// </summary>
public sealed record UnprivilegedUser(string Name, int UserId, int GroupId)
{
    private static readonly string[] Candidates = ["postgres", "nobody"];

    // Whether the effective user is root (geteuid() == 0 on Unix).
    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    public static async Task<UnprivilegedUser> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var name in Candidates)
        {
            var uid = await CommandRunner.RunAsync("id", ["-u", name], TimeSpan.FromSeconds(10), cancellationToken);
            var gid = await CommandRunner.RunAsync("id", ["-g", name], TimeSpan.FromSeconds(10), cancellationToken);
            if (uid.Succeeded && gid.Succeeded)
            {
                return new UnprivilegedUser(
                    name,
                    int.Parse(uid.Output.Trim(), CultureInfo.InvariantCulture),
                    int.Parse(gid.Output.Trim(), CultureInfo.InvariantCulture));
            }
        }

        throw new StartupException(
            "Running as root, PostgreSQL needs an unprivileged user to run as, and neither 'postgres' nor 'nobody' exists. Create one (useradd --system postgres) or run as an ordinary user.");
    }

    /// <summary>The command line that runs <paramref name="fileName"/> as this user.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string fileName, IEnumerable<string> arguments) =>
        ("setpriv",
        [
            $"--reuid={UserId.ToString(CultureInfo.InvariantCulture)}",
            $"--regid={GroupId.ToString(CultureInfo.InvariantCulture)}",
            "--clear-groups",
            "--",
            fileName,
            .. arguments,
        ]);

    public async Task GiveOwnershipAsync(string path, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync(
            "chown", ["-R", $"{UserId.ToString(CultureInfo.InvariantCulture)}:{GroupId.ToString(CultureInfo.InvariantCulture)}", path],
            TimeSpan.FromMinutes(2), cancellationToken);
        if (!result.Succeeded)
        {
            throw new StartupException($"Could not hand '{path}' to user '{Name}': {result.LastLine}");
        }
    }

    /// <summary>Whether this user can enter <paramref name="directory"/> (every parent must let it through).</summary>
    public async Task<bool> CanEnterAsync(string directory, CancellationToken cancellationToken)
    {
        var (file, args) = Wrap("test", ["-x", directory]);
        return (await CommandRunner.RunAsync(file, args, TimeSpan.FromSeconds(10), cancellationToken)).Succeeded;
    }
}
