using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Soldr.Admin.Apis;
using Soldr.Admin.Client;
using Soldr.Admin.Extensions;
using Soldr.Admin.Security;
using Soldr.ServiceDefaults;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>The admin service wired as its Program.cs wires it, on real Kestrel ports: the UI port and the management API's.</summary>
public sealed class AdminHost : IAsyncDisposable
{
    public const string Secret = "test-secret-that-is-long-enough-0123456789";

    private AdminHost(WebApplication app, Uri api)
    {
        App = app;
        ApiAddress = api;
    }

    public WebApplication App { get; }

    public Uri ApiAddress { get; }

    /// <summary>The UI port, where management endpoints must not answer.</summary>
    public Uri OtherAddress => TestHosts.BaseAddress(App);

    public static Task<AdminHost> StartAsync(string connectionString, string redis, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(connectionString, redis, settings, ui: null);

    /// <summary>
    /// The admin service with its management UI as well, on <see cref="OtherAddress"/>, calling the API
    /// on <see cref="ApiAddress"/>. <paramref name="services"/> adds to or replaces the service's own.
    /// </summary>
    public static Task<AdminHost> StartWithUiAsync(string connectionString, string redis, Action<IServiceCollection> services) =>
        StartAsync(connectionString, redis, settings: null, ui: services);

    private static async Task<AdminHost> StartAsync(
        string connectionString, string redis, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? ui)
    {
        var port = FreePort();
        var builder = TestHosts.CreateBuilder(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:soldr"] = connectionString,
                ["ConnectionStrings:redis"] = redis,
                ["Soldr:Admin:Secret"] = Secret,
                ["Kestrel:Endpoints:api:Url"] = $"http://127.0.0.1:{port}",
            },
            settings,
            // The UI's assets are found through manifests named after the service.
            applicationName: ui is null ? "Soldr.Tests" : "Soldr.Admin");
        builder.AddServiceDefaults();
        builder.AddAdminServices();
        if (ui is not null)
        {
            builder.Configuration["Soldr:Admin:ApiUrl"] = $"http://127.0.0.1:{port}";
            builder.AddAdminUi();
            ui(builder.Services);
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseManagementApiAuthentication();
        if (ui is not null)
        {
            app.MapAdminUi();
        }

        app.MapDefaultEndpoints();
        app.MapManagementApi();
        await app.StartAsync();
        var scheme = settings?.ContainsKey("Soldr:Admin:ApiCertificate:Path") == true ? "https" : "http";
        return new AdminHost(app, new Uri($"{scheme}://127.0.0.1:{port}/"));
    }

    public HttpClient Http(string? secret = Secret)
    {
        var http = new HttpClient { BaseAddress = ApiAddress };
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return http;
    }

    public SoldrApiClient Client() => new(Http());

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
