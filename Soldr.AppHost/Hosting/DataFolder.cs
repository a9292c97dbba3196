using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// Where a stack keeps its state between runs: the PostgreSQL cluster, Redis files, generated secrets
/// and ingest's spool. One AppHost at a time may use a data folder.
/// </summary>
public sealed class DataFolder : IDisposable
{
    private const string LockFileName = ".lock";

    // Marks a folder as Soldr's, so that --reset can never empty a folder that holds anything else.
    private const string MarkerFileName = ".soldr-data";

    // 0711: owner-only, except that others may pass through to a folder of their own (PostgreSQL's user,
    // when the AppHost is root), without seeing what else is here.
    private const UnixFileMode EnterableByOthers = OwnerOnly.FolderPermissions | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private FileStream? _lock;

    public DataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string PostgresDirectory => Combine("postgres");

    public string RedisDirectory => Combine("redis");

    public string RunDirectory => Combine("run");

    /// <summary>
    /// The default: <c>$XDG_DATA_HOME/soldr</c> (<c>~/.local/share/soldr</c>) for a user. For root it is
    /// <c>/var/lib/soldr</c>: PostgreSQL runs as an unprivileged user there, and it cannot enter /root.
    /// </summary>
    public static string DefaultPath(bool runningAsRoot)
    {
        if (runningAsRoot)
        {
            return "/var/lib/soldr";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return System.IO.Path.Combine(root, "soldr");
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Creates the folder (owner-only, but enterable by others when root so the PostgreSQL user can
    /// reach its own sub-folder; the mode is set as it is made) and takes the lock; a second AppHost on the same folder is refused, and
    /// so is a folder that already holds something other than Soldr's data.
    /// </summary>
    public void Open(bool runningAsRoot)
    {
        if (Directory.Exists(Path) && !File.Exists(Combine(MarkerFileName)) && Directory.EnumerateFileSystemEntries(Path).Any())
        {
            throw new StartupException(
                $"'{Path}' is not empty and is not a Soldr data folder; give --data-dir a new or empty folder.");
        }

        try
        {
            var mode = runningAsRoot ? EnterableByOthers : OwnerOnly.FolderPermissions;
            OwnerOnly.CreateFolder(Path, mode);

            // A folder from an earlier run (as root, or not), one the operator made, or a umask that took
            // the bits PostgreSQL's user needs to pass through: the mode is made exact either way.
            if (File.GetUnixFileMode(Path) != mode)
            {
                File.SetUnixFileMode(Path, mode);
            }

            if (!File.Exists(Combine(MarkerFileName)))
            {
                OwnerOnly.WriteFile(
                    Combine(MarkerFileName),
                    "Soldr data folder: PostgreSQL, Redis, generated secrets. Managed by Soldr.AppHost.\n");
            }

            OwnerOnly.CreateFolder(RunDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"Cannot use data folder '{Path}': {ex.Message} Choose another with --data-dir.");
        }

        try
        {
            _lock = new FileStream(
                Combine(LockFileName), OwnerOnly.NewFile(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new StartupException(
                $"Another Soldr AppHost is already running with data folder '{Path}'. Stop it, or give this one another folder with --data-dir.");
        }
    }

    /// <summary>Deletes everything but the lock, for <c>--reset</c>.</summary>
    public void Reset()
    {
        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos())
        {
            if (entry.Name is LockFileName or MarkerFileName)
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        OwnerOnly.CreateFolder(RunDirectory);
    }

    /// <summary>
    /// Reads a secret kept in the folder, generating it (owner-only) on first use. One that an older
    /// release left readable by others is written again, owner-only, with the same value.
    /// </summary>
    public string GetOrCreateSecret(string fileName)
    {
        var file = Combine(fileName);
        if (File.Exists(file))
        {
            var existing = File.ReadAllText(file).Trim();
            if (existing.Length > 0)
            {
                // Closed in place rather than written again: a crash between a delete and a write would lose
                // the secret, and with it every session.
                if ((File.GetUnixFileMode(file) & OwnerOnly.OthersBits) != 0)
                {
                    File.SetUnixFileMode(file, OwnerOnly.FilePermissions);
                }

                return existing;
            }
        }

        var secret = Secrets.Generate();
        OwnerOnly.WriteFile(file, secret + "\n");
        return secret;
    }

    /// <summary>A secret that goes into connection strings unquoted, so it may hold only URL-safe characters, as generated ones do.</summary>
    public string GetUrlSafeSecret(string fileName)
    {
        var secret = GetOrCreateSecret(fileName);
        return Secrets.IsUrlSafe(secret)
            ? secret
            : throw new StartupException($"The password in {Combine(fileName)} may hold only letters, digits, '-' and '_'.");
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
