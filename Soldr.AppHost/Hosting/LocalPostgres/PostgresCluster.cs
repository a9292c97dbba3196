using System.Globalization;
using Microsoft.Extensions.Logging;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>
/// The PostgreSQL cluster in Soldr's data folder: created with <c>initdb</c> on first use (superuser
/// <c>postgres</c>, a generated scram-sha-256 password, UTF-8), handed to the unprivileged user the
/// server runs as when the AppHost is root, and freed of a server a killed run left behind.
/// </summary>
public sealed record PostgresCluster(PostgresBinaries Binaries, string DataDirectory, string Password, UnprivilegedUser? RunAs)
{
    public const string SuperUser = "postgres";

    /// <summary>Makes the cluster ready for <c>postgres</c> to start on it.</summary>
    public async Task PrepareAsync(ILogger logger, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateFolder(DataDirectory);
        if (RunAs is { } user)
        {
            await user.GiveOwnershipAsync(DataDirectory, cancellationToken);
            if (!await user.CanEnterAsync(DataDirectory, cancellationToken))
            {
                throw new StartupException(
                    $"PostgreSQL runs as user '{user.Name}', which cannot reach '{DataDirectory}' (a parent folder is closed to it). Choose a data folder it can reach with --data-dir, e.g. under /var/lib or /srv.");
            }
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            logger.CreatingCluster(DataDirectory);
            await InitializeAsync(cancellationToken);
        }

        await StopStaleServerAsync(logger);
    }

    /// <summary>The server's command line after the executable: this cluster, the port, loopback TCP only and Soldr's settings.</summary>
    public IReadOnlyList<string> ServerArguments(string port) =>
    [
        "-D", DataDirectory,
        "-p", port,
        "-c", "listen_addresses=127.0.0.1",
        // TCP only: the default socket folder (/var/run/postgresql) may not exist or be writable.
        "-c", "unix_socket_directories=",
        .. ServerSettings.Arguments(ServerSettings.ClusterVersion(DataDirectory)),
    ];

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // initdb wants an empty data folder, so the password file sits next to it, readable only by the server's user.
        var passwordFile = DataDirectory.TrimEnd('/') + ".initdb-password";
        OwnerOnly.WriteFile(passwordFile, Password);
        try
        {
            if (RunAs is { } user)
            {
                await user.GiveOwnershipAsync(passwordFile, cancellationToken);
            }

            string[] arguments =
            [
                "-D", DataDirectory,
                "-U", SuperUser,
                "--auth=scram-sha-256",
                $"--pwfile={passwordFile}",
                "--encoding=UTF8",
                "--no-locale",
            ];
            var (fileName, args) = RunAs is { } runAs ? runAs.Wrap(Binaries.InitDb, arguments) : (Binaries.InitDb, arguments);
            var result = await CommandRunner.RunAsync(fileName, args, TimeSpan.FromMinutes(3), cancellationToken);
            if (!result.Succeeded)
            {
                throw new StartupException($"initdb failed in '{DataDirectory}': {result.LastLine}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// Shuts down the server running on this cluster, if there is one, with PostgreSQL's "fast" shutdown
    /// (SIGINT): open transactions roll back, a checkpoint is written, the server exits and removes its
    /// lock file. The orchestrator's own SIGTERM is a "smart" shutdown, which waits for every client to
    /// leave, so the server could be killed first and leave its lock file behind.
    /// </summary>
    public async Task StopServerAsync(CancellationToken cancellationToken)
    {
        if (await RunningServerAsync() is { } pid)
        {
            await StopAsync(pid, cancellationToken);
        }
    }

    /// <summary>
    /// A server left running on this cluster by a run that was killed would make postgres refuse to
    /// start ("lock file already exists"); it is ours, so it is shut down cleanly instead.
    /// </summary>
    private async Task StopStaleServerAsync(ILogger logger)
    {
        if (await RunningServerAsync() is { } pid)
        {
            logger.StoppingStaleServer(DataDirectory, pid);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await StopAsync(pid, limit.Token);
        }
    }

    private async Task<int?> RunningServerAsync()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        return File.Exists(pidFile)
            && int.TryParse((await File.ReadAllLinesAsync(pidFile)).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid)
            && IsPostgres(pid)
                ? pid
                : null;
    }

    private static async Task StopAsync(int pid, CancellationToken cancellationToken)
    {
        await CommandRunner.RunAsync(
            "kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken);
        while (IsPostgres(pid))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    // A process that has exited (or is a zombie awaiting its parent) has no command line.
    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains("postgres", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
