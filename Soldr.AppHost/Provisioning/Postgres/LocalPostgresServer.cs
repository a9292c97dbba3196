using System.Globalization;
using Soldr.AppHost.Orchestration;
using Soldr.ServiceDefaults.Files;

namespace Soldr.AppHost.Provisioning.Postgres;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries: <c>initdb</c> into the data folder on first
/// use, then <c>postgres</c> in the foreground, listening on loopback TCP only, with a generated
/// password (scram-sha-256), as an unprivileged user when the AppHost is root.
/// </summary>
public static class LocalPostgresServer
{
    public sealed record Settings(PostgresBinaries Binaries, string DataDirectory, int Port, string Password, UnprivilegedUser? RunAs);

    public const string SuperUser = "postgres";

    public static async Task<ManagedProcess> StartAsync(Settings settings, string resource, ResourceConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        OwnerOnly.CreateFolder(settings.DataDirectory);
        if (settings.RunAs is { } user)
        {
            await user.GiveOwnershipAsync(settings.DataDirectory, cancellationToken);
            if (!await user.CanEnterAsync(settings.DataDirectory, cancellationToken))
            {
                throw new OrchestrationException(
                    $"PostgreSQL runs as user '{user.Name}', which cannot reach '{settings.DataDirectory}' (a parent folder is closed to it). Choose a data folder it can reach with --data-dir, e.g. under /var/lib or /srv.");
            }
        }

        if (!File.Exists(Path.Combine(settings.DataDirectory, "PG_VERSION")))
        {
            console.Info($"Creating a PostgreSQL cluster in {settings.DataDirectory} (first run)");
            await InitializeAsync(settings, cancellationToken);
        }

        await StopStaleServerAsync(settings.DataDirectory, console);

        string[] arguments =
        [
            "-D", settings.DataDirectory,
            "-p", settings.Port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            // TCP only: the default socket folder (/var/run/postgresql) may not exist or be writable.
            "-c", "unix_socket_directories=",
            .. ServerSettings.Arguments(ServerSettings.ClusterVersion(settings.DataDirectory)),
        ];
        var (fileName, args) = settings.RunAs is { } runAs
            ? runAs.Wrap(settings.Binaries.Server, arguments)
            : (settings.Binaries.Server, arguments);

        return ManagedProcess.Start(resource, new ProcessSpec(fileName, args)
        {
            WorkingDirectory = "/",
            // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
            StopSignal = ProcessSignals.SigInt,
            StopTimeout = TimeSpan.FromSeconds(30),
        }, console);
    }

    public static string ConnectionString(int port, string password, string database) =>
        $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username={SuperUser};Password={password};Database={database}";

    private static async Task InitializeAsync(Settings settings, CancellationToken cancellationToken)
    {
        // initdb wants an empty data folder, so the password file sits next to it, readable only by the server's user.
        var passwordFile = settings.DataDirectory.TrimEnd('/') + ".initdb-password";
        OwnerOnly.WriteFile(passwordFile, settings.Password);
        try
        {
            if (settings.RunAs is { } user)
            {
                await user.GiveOwnershipAsync(passwordFile, cancellationToken);
            }

            string[] arguments =
            [
                "-D", settings.DataDirectory,
                "-U", SuperUser,
                "--auth=scram-sha-256",
                $"--pwfile={passwordFile}",
                "--encoding=UTF8",
                "--no-locale",
            ];
            var (fileName, args) = settings.RunAs is { } runAs
                ? runAs.Wrap(settings.Binaries.InitDb, arguments)
                : (settings.Binaries.InitDb, arguments);
            var result = await CommandRunner.RunAsync(fileName, args, TimeSpan.FromMinutes(3), cancellationToken);
            if (!result.Succeeded)
            {
                throw new OrchestrationException($"initdb failed in '{settings.DataDirectory}': {result.LastLine}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// A server left running on this data folder by a run that was killed would make postgres refuse to
    /// start ("lock file already exists"); it is ours, so it is shut down cleanly instead.
    /// </summary>
    private static async Task StopStaleServerAsync(string dataDirectory, ResourceConsole console)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse((await File.ReadAllLinesAsync(pidFile)).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid)
            || !ProcessSignals.IsAlive(pid)
            || !IsPostgres(pid))
        {
            return;
        }

        console.Warning($"A PostgreSQL server from an earlier run is still using {dataDirectory} (pid {pid}); stopping it.");
        ProcessSignals.Send(pid, ProcessSignals.SigInt);
        await ProcessSignals.WaitForExitAsync(pid, TimeSpan.FromSeconds(30));
    }

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
