using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Soldr.Admin.Extensions;
using Soldr.Client;
using Soldr.ServiceDefaults;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>
/// The admin service, UI included, built and wired by the very calls its Program.cs makes, on real
/// Kestrel ports: the UI port and the management API's. Only configuration and services a test replaces
/// (a clock, a recorder) differ, never the pipeline.
/// </summary>
public sealed class AdminHost : IAsyncDisposable
{
    public const string Secret = "test-secret-that-is-long-enough-0123456789";

    private AdminHost(WebApplication app, Uri api, FakeLogCollector logs)
    {
        App = app;
        ApiAddress = api;
        Logs = logs;
    }

    public WebApplication App { get; }

    public Uri ApiAddress { get; }

    /// <summary>The UI port, where management endpoints must not answer.</summary>
    public Uri OtherAddress => TestHosts.BaseAddress(App);

    /// <summary>Everything the service logged.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>
    /// The admin service on <see cref="OtherAddress"/> (UI) and <see cref="ApiAddress"/> (API).
    /// <paramref name="settings"/> adds to or overrides its configuration; <paramref name="services"/>
    /// adds to or replaces its services.
    /// </summary>
    public static async Task<AdminHost> StartAsync(
        string connectionString,
        string redis,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        // The API's port is chosen before the host binds it, so another test's host can take it in
        // between: then a new port is tried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(connectionString, redis, settings, services);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
            }
        }
    }

    private static async Task<AdminHost> StartOnFreePortAsync(
        string connectionString, string redis, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        var port = FreePort();
        var scheme = settings?.ContainsKey("Soldr:Admin:ApiCertificate:Path") == true ? "https" : "http";
        var builder = TestHosts.CreateBuilder(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:soldr"] = connectionString,
                ["ConnectionStrings:redis"] = redis,
                ["Soldr:Admin:Secret"] = Secret,
                ["Kestrel:Endpoints:api:Url"] = $"http://127.0.0.1:{port}",
                ["Soldr:Admin:ApiUrl"] = $"{scheme}://127.0.0.1:{port}",
            },
            settings,
            // The UI's assets are found through manifests named after the service.
            applicationName: "Soldr.Admin");
        var logs = new FakeLogCollector();
        builder.Logging.AddProvider(new FakeLoggerProvider(logs));

        builder.AddServiceDefaults();
        builder.AddAdminServices();
        builder.AddAdminUi();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAdminPipeline();
        await app.StartOrDisposeAsync();

        // With a certificate the API's endpoint is https: Soldr switches it, as ApiTlsTests proves on the wire.
        return new AdminHost(app, new Uri($"{scheme}://127.0.0.1:{port}/"), logs);
    }

    /// <summary>The same host, for tests that only replace services.</summary>
    public static Task<AdminHost> StartWithUiAsync(string connectionString, string redis, Action<IServiceCollection> services) =>
        StartAsync(connectionString, redis, settings: null, services);

    public HttpClient Http(string? secret = Secret)
    {
        var http = new HttpClient { BaseAddress = ApiAddress };
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return http;
    }

    /// <summary>A client of the UI port that neither follows redirects nor keeps cookies: tests handle both.</summary>
    public HttpClient Ui() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = OtherAddress };

    public ISoldrApi Client() => SoldrClient.Create(Http());

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
