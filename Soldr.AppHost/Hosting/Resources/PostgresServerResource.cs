using System.Globalization;
using Npgsql;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;
using Soldr.AppHost.Provisioning.Postgres;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// The PostgreSQL server. Where it comes from is decided when the stack is prepared: an existing server
/// when <c>ConnectionStrings:&lt;database&gt;</c> is configured; else the machine's server binaries; else a
/// container if a Docker engine answers; else a clear error saying what to install or configure.
/// </summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    private PostgresBinaries? _binaries;
    private UnprivilegedUser? _runAs;

    public enum Provisioning
    {
        LocalBinaries,
        Docker,
        Existing,
    }

    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>How binaries are found; replaced in tests to simulate a machine without them.</summary>
    internal Func<PostgresBinaries?> FindBinaries { get; set; } = () => PostgresBinaries.Find(Environment.GetEnvironmentVariable("PATH"));

    internal Func<CancellationToken, Task<bool>> IsDockerAvailable { get; set; } = DockerEngine.IsAvailableAsync;

    public Provisioning Route { get; private set; }

    public int Port { get; private set; }

    /// <summary>The server's administrative connection (its maintenance database, as the superuser).</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    internal string? Password { get; private set; }

    /// <summary>The connection string given for an existing server, when there is one.</summary>
    internal NpgsqlConnectionStringBuilder? Existing { get; private set; }

    public override string? DisplayUrl => Route == Provisioning.Existing
        ? $"postgresql://{Existing!.Host}:{Existing.Port.ToString(CultureInfo.InvariantCulture)}"
        : $"postgresql://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    internal override async Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        foreach (var database in Databases)
        {
            var given = context.Configuration.GetSection("ConnectionStrings")[database.Name];
            if (string.IsNullOrWhiteSpace(given))
            {
                continue;
            }

            try
            {
                Existing = new NpgsqlConnectionStringBuilder(given);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new OrchestrationException($"ConnectionStrings:{database.Name} is not a valid PostgreSQL connection string: {ex.Message}");
            }

            if (string.IsNullOrEmpty(Existing.Host))
            {
                throw new OrchestrationException($"ConnectionStrings:{database.Name} names no Host.");
            }

            Route = Provisioning.Existing;
            Note = $"existing server (ConnectionStrings:{database.Name})";
            return;
        }

        Port = Ports.GetFree();
        Password = context.DataFolder.GetOrCreateSecret("postgres-password");
        _binaries = FindBinaries();
        if (_binaries is not null)
        {
            Route = Provisioning.LocalBinaries;
            _runAs = context.RunningAsRoot ? await UnprivilegedUser.FindAsync(cancellationToken) : null;
            Note = $"local server ({_binaries.Directory}){(_runAs is null ? "" : $", as user '{_runAs.Name}'")}";
            return;
        }

        if (await IsDockerAvailable(cancellationToken))
        {
            Route = Provisioning.Docker;
            Note = $"container {DockerPostgresServer.Image}";
            return;
        }

        throw new OrchestrationException(
            "No PostgreSQL server found: install the server binaries (Debian/Ubuntu: apt-get install postgresql), or start a Docker engine, or point Soldr at an existing server with --ConnectionStrings:soldr \"Host=...;Username=...;Password=...;Database=soldr\".");
    }

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        switch (Route)
        {
            case Provisioning.LocalBinaries:
                Process = context.Track(Name, await LocalPostgresServer.StartAsync(
                    new LocalPostgresServer.Settings(_binaries!, context.DataFolder.PostgresDirectory, Port, Password!, _runAs),
                    Name, context.Console, cancellationToken));
                break;
            case Provisioning.Docker:
                Process = context.Track(Name, await DockerPostgresServer.StartAsync(
                    context.DataFolder.Combine("postgres-docker"), Port, Password!, Name, context.Console, cancellationToken));
                break;
            case Provisioning.Existing:
            default:
                break;
        }

        var probe = Existing?.ConnectionString ?? MaintenanceConnectionString;
        await Readiness.WaitAsync(Name, async ct =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(ct);
                return null;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification or PostgresErrorCodes.InvalidCatalogName)
            {
                // Waiting cannot fix a wrong password or a missing database.
                throw new OrchestrationException($"{Name}: the server refused the connection: {ex.MessageText}");
            }
        }, Process, Route == Provisioning.Docker ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    internal string ConnectionStringFor(string database)
    {
        if (Existing is not null)
        {
            return new NpgsqlConnectionStringBuilder(Existing.ConnectionString) { Database = database }.ConnectionString;
        }

        return LocalPostgresServer.ConnectionString(Port, Password!, database);
    }

    /// <summary>
    /// The maintenance database as the superuser, unpooled: used briefly, to probe readiness and to
    /// create roles and databases, it should leave no idle connection behind.
    /// </summary>
    internal string MaintenanceConnectionString =>
        new NpgsqlConnectionStringBuilder(ConnectionStringFor("postgres")) { Pooling = false, Timeout = 5 }.ConnectionString;
}
