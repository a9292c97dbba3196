namespace Soldr.AppHost.Hosting;

/// <summary>
/// The AppHost's own settings, from the <c>AppHost</c> configuration section (so also
/// <c>AppHost__IngestPort</c> environment variables) or from the command-line options.
/// </summary>
public sealed class AppHostOptions
{
    /// <summary>Where state is kept between runs; the default depends on the user (see DataFolder).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Start from an empty data folder.</summary>
    public bool Reset { get; set; }

    /// <summary>0 picks a free port.</summary>
    public int IngestPort { get; set; } = 8080;

    public int UiPort { get; set; } = 8081;

    public int ApiPort { get; set; } = 8443;

    /// <summary>Where ingest and the management UI listen.</summary>
    public string Bind { get; set; } = "localhost";

    /// <summary>Where the management API listens: loopback unless deliberately opened.</summary>
    public string ApiBind { get; set; } = "127.0.0.1";

    public bool ShowHelp { get; set; }

    /// <summary>The Aspire dashboard's port; null keeps the launch profile's.</summary>
    public int? DashboardPort { get; set; }

    /// <summary>Run PostgreSQL and Redis as containers rather than from local binaries.</summary>
    public bool Containers { get; set; }
}
