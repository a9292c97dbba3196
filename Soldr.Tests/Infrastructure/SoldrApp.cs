using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

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
    /// <paramref name="change"/> adjust the declared model first (e.g. remove the services).
    /// </summary>
    public static async Task<SoldrApp> StartAsync(
        string dataFolder, IEnumerable<string>? args = null, Action<IDistributedApplicationTestingBuilder>? change = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        string[] all = ["--data-dir", dataFolder, "--ingest-port", "0", "--ui-port", "0", "--api-port", "0", .. args ?? []];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Soldr_AppHost>(all, timeout.Token);
        change?.Invoke(builder);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            await Task.WhenAll(model.Resources
                .Where(r => r is ProjectResource or ExecutableResource or IResourceWithParent && r.Name != "aspire-dashboard")
                .Select(r => notifications.WaitForResourceHealthyAsync(r.Name, timeout.Token)));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SoldrApp(app, dataFolder);
    }

    public Uri Endpoint(string resource, string endpoint = "http") => _app.GetEndpoint(resource, endpoint);

    public async Task<string> ConnectionStringAsync(string resource) =>
        await _app.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
