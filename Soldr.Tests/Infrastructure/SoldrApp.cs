using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Soldr.AppHost.Hosting.LocalPostgres;
using Soldr.AppHost.Hosting.LocalRedis;
using Soldr.AppHost.Hosting.Terminal;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// The real AppHost (its Program.cs) started with Aspire.Hosting.Testing in a temporary data folder, on
/// free ports, waited for until every resource that remains is healthy.
/// </summary>
public sealed class SoldrApp : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly DistributedApplication _app;

    private SoldrApp(DistributedApplication app, string dataFolder)
    {
        _app = app;
        DataFolder = dataFolder;
    }

    public string DataFolder { get; }

    /// <summary>The secret the AppHost generated in its data folder.</summary>
    public string AdminSecret => File.ReadAllText(Path.Combine(DataFolder, "admin-secret")).Trim();

    /// <summary>
    /// Starts the stack with <paramref name="args"/> after the defaults (free ports), letting
    /// <paramref name="change"/> adjust the declared model first (e.g. remove the services). Resource
    /// logs go to <paramref name="log"/> as the AppHost's console shows them.
    /// </summary>
    public static async Task<SoldrApp> StartAsync(
        string dataFolder, IEnumerable<string>? args = null, Action<IDistributedApplicationTestingBuilder>? change = null, TextWriter? log = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        string[] all = ["--data-dir", dataFolder, "--ingest-port", "0", "--ui-port", "0", "--api-port", "0", .. args ?? []];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Soldr_AppHost>(all, timeout.Token);
        builder.Services.AddSingleton(new ResourceLogEcho.Target(log ?? TextWriter.Null, log ?? TextWriter.Null));

        // The testing host also logs every resource line to the test process's console; the echo above is enough.
        builder.Services.AddLogging(logging => logging.AddFilter("Soldr.AppHost.Resources", LogLevel.None));
        change?.Invoke(builder);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            await Task.WhenAll(model.Resources
                .Where(r => r is ProjectResource or LocalPostgresResource or LocalPostgresDatabaseResource or LocalRedisResource)
                .Select(r => notifications.WaitForResourceHealthyAsync(r.Name, timeout.Token)));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SoldrApp(app, dataFolder);
    }

    /// <summary>
    /// Starts only the named servers of the AppHost (e.g. "postgres", "soldr"; "redis"), without the
    /// services, so a test can stop and start them on their own.
    /// </summary>
    public static Task<SoldrApp> StartServersAsync(string dataFolder, params string[] servers) =>
        StartAsync(dataFolder, change: builder =>
        {
            foreach (var resource in builder.Resources
                .Where(r => r is ProjectResource || (r is IResourceWithConnectionString && !servers.Contains(r.Name)))
                .ToList())
            {
                builder.Resources.Remove(resource);
            }
        });

    /// <summary>Whether the AppHost declared a resource of that name (e.g. its own PostgreSQL server).</summary>
    public bool Declares(string resource) =>
        _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Any(r => r.Name == resource);

    public Uri Endpoint(string resource, string endpoint = "http") => _app.GetEndpoint(resource, endpoint);

    public async Task<string> ConnectionStringAsync(string resource) =>
        await _app.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>Stops a resource with the dashboard's own Stop command, and waits until it has.</summary>
    public Task StopResourceAsync(string resource) => RunCommandAsync(resource, KnownResourceCommands.StopCommand);

    /// <summary>The links the Aspire dashboard shows for a resource, once it has any.</summary>
    public async Task<IReadOnlyList<string>> UrlsAsync(string resource)
    {
        var update = await _app.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.Urls.Length > 0);
        return [.. update.Snapshot.Urls.Select(u => u.Url)];
    }

    /// <summary>Runs one of a resource's dashboard commands, as an operator clicking it would.</summary>
    public async Task RunCommandAsync(string resource, string command)
    {
        var result = await _app.ResourceCommands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, result.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
