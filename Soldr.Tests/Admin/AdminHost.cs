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

    public static async Task<AdminHost> StartAsync(string connectionString, string redis, IReadOnlyDictionary<string, string?>? settings = null)
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
            settings);
        builder.AddServiceDefaults();
        builder.AddAdminServices();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseManagementApiAuthentication();
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
