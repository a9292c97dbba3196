using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Extensions;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Saving;
using Soldr.Ingest.Spool;
using Soldr.ServiceDefaults;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

/// <summary>
/// The ingest service built and wired by the very calls its Program.cs makes, on a real Kestrel socket,
/// with what it writes to stdout captured. Only configuration and the stdout writer differ, never the
/// pipeline.
/// </summary>
public sealed class IngestHost : IAsyncDisposable
{
    private IngestHost(WebApplication app, TestOutputWriter stdout)
    {
        App = app;
        Stdout = stdout;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = app.BaseAddress() };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>What went straight to stdout: the last-resort lines.</summary>
    public TestOutputWriter Stdout { get; }

    internal GroupCommitWriter Writer => App.Services.GetRequiredService<GroupCommitWriter>();

    internal RequestSpool Spool => App.Services.GetRequiredService<RequestSpool>();

    internal SpoolDrainer Drainer => App.Services.GetRequiredService<SpoolDrainer>();

    internal BodyMemoryBudget Budget => App.Services.GetRequiredService<BodyMemoryBudget>();

    public static async Task<IngestHost> StartAsync(
        string connectionString, string redis, string spoolPath, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = TestHosts.CreateBuilder(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:soldr"] = connectionString,
                ["ConnectionStrings:redis"] = redis,
                ["Soldr:Ingest:SpoolPath"] = spoolPath,
                ["Soldr:Ingest:SpoolDrainInterval"] = "00:00:00.200",
            },
            settings);
        var stdout = new TestOutputWriter(null);
        builder.Services.AddSingleton(new UnsavedRequestLog(stdout));
        builder.AddServiceDefaults();
        builder.AddIngestServices();
        var app = builder.Build();
        app.UseIngestPipeline();
        await app.StartOrDisposeAsync();

        return new IngestHost(app, stdout);
    }

    /// <summary>A connection string that goes through <paramref name="gate"/>, failing fast while it is shut.</summary>
    public static string Through(TcpGate gate, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = gate.Port, Timeout = 3 }.ConnectionString;
    }

    public static int PortOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Port;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Stdout.Dispose();
    }
}
