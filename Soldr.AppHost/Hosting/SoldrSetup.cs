using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Soldr.AppHost.Hosting.LocalPostgres;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// What the AppHost settles before it declares anything: its options, the ports (each checked free),
/// the data folder (locked, emptied on <c>--reset</c>), the admin secret, and where PostgreSQL and
/// Redis will come from. Every problem is a <see cref="StartupException"/> (or, for a bad option, a <see cref="FormatException"/>) with one line to print.
/// Disposing it frees the data folder for the next AppHost.
/// </summary>
public sealed class SoldrSetup : IDisposable
{
    private const int MinimumSecretLength = 32;

    private SoldrSetup(AppHostOptions options) => Options = options;

    public AppHostOptions Options { get; }

    /// <summary>The data folder; null when publishing, which keeps nothing locally.</summary>
    public DataFolder? Data { get; private init; }

    /// <summary>Whether PostgreSQL and Redis (unless given by connection strings) run as containers.</summary>
    public bool UsesContainers { get; private init; }

    public PostgresBinaries? PostgresBinaries { get; private init; }

    public UnprivilegedUser? RunPostgresAs { get; private init; }

    /// <summary>Where a generated admin secret is kept; null when it comes from configuration or when publishing.</summary>
    public string? AdminSecretFile { get; private init; }

    public static async Task<SoldrSetup> PrepareAsync(IDistributedApplicationBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = CommandLine.ReadOptions(builder.Configuration);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return new SoldrSetup(options) { UsesContainers = true };
        }

        // Aspire keeps its options as a service: without the dashboard (--no-dashboard, tests) there is
        // no port of its to claim.
        var dashboard = builder.Services
            .Select(d => d.ImplementationInstance)
            .OfType<DistributedApplicationOptions>()
            .FirstOrDefault() is not { DisableDashboard: true };
        ClaimPorts(builder.Configuration, options, dashboard);
        var runningAsRoot = UnprivilegedUser.RunningAsRoot;
        var data = new DataFolder(options.DataDirectory ?? DataFolder.DefaultPath(runningAsRoot));
        data.Open(runningAsRoot);
        try
        {
            return await PrepareRunAsync(builder, options, data, runningAsRoot, cancellationToken);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public void Dispose() => Data?.Dispose();

    private static async Task<SoldrSetup> PrepareRunAsync(
        IDistributedApplicationBuilder builder,
        AppHostOptions options,
        DataFolder data,
        bool runningAsRoot,
        CancellationToken cancellationToken)
    {
        if (options.Reset)
        {
            data.Reset();
        }

        if (options.Containers && await ContainerRuntime.ProblemAsync(ContainerRuntime.Name(builder.Configuration), cancellationToken) is { } problem)
        {
            throw new StartupException($"--containers needs a working container runtime, and {problem}. Start Docker or Podman, or run without --containers to use the local servers.");
        }

        var localPostgres = !options.Containers && string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("soldr"));
        var binaries = localPostgres ? LocalPostgres.PostgresBinaries.Find(Environment.GetEnvironmentVariable("PATH")) : null;
        var (secretFile, secret) = AdminSecret(builder.Configuration, data);
        builder.Configuration["Parameters:admin-secret"] = secret;

        return new SoldrSetup(options)
        {
            Data = data,
            UsesContainers = options.Containers,
            PostgresBinaries = binaries,
            RunPostgresAs = binaries is not null && runningAsRoot ? await UnprivilegedUser.FindAsync(cancellationToken) : null,
            AdminSecretFile = secretFile,
        };
    }

    /// <summary>Fixes each port (0 takes a free one) and refuses one already in use, naming its option.</summary>
    private static void ClaimPorts(ConfigurationManager configuration, AppHostOptions options, bool dashboard)
    {
        options.IngestPort = Claim(options.IngestPort, options.Bind, "--ingest-port", "ingest", "http");
        options.UiPort = Claim(options.UiPort, options.Bind, "--ui-port", "admin", "http");
        options.ApiPort = Claim(options.ApiPort, options.ApiBind, "--api-port", "admin", "api");
        if (!dashboard)
        {
            return;
        }

        if (options.DashboardPort is { } dashboardPort)
        {
            // The dashboard's two other endpoints follow it, so that two stacks can run side by side.
            var port = Claim(dashboardPort, "localhost", "--dashboard-port", "the dashboard", "http");
            configuration["ASPNETCORE_URLS"] = $"http://localhost:{port}";
            configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{Ports.GetFree()}";
            configuration["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{Ports.GetFree()}";
        }
        else if (Uri.TryCreate(configuration["ASPNETCORE_URLS"]?.Split(';')[0], UriKind.Absolute, out var dashboardUrl))
        {
            Claim(dashboardUrl.Port, "localhost", "--dashboard-port", "the dashboard", "http");
        }
    }

    private static int Claim(int port, string bind, string option, string resource, string endpoint)
    {
        if (port == 0)
        {
            return Ports.GetFree();
        }

        return Ports.IsInUse(bind, port)
            ? throw new StartupException($"{resource} cannot listen on port {port} ({endpoint}): the port is already in use; choose another with {option} <port>.")
            : port;
    }

    private static (string? File, string Value) AdminSecret(ConfigurationManager configuration, DataFolder data)
    {
        if (configuration[ServiceConfiguration.AdminSecretKey] is { Length: > 0 } configured)
        {
            return configured.Length >= MinimumSecretLength
                ? (null, configured)
                : throw new StartupException($"{ServiceConfiguration.AdminSecretKey} is too short: use at least {MinimumSecretLength} characters.");
        }

        return (data.Combine("admin-secret"), data.GetOrCreateSecret("admin-secret"));
    }
}
