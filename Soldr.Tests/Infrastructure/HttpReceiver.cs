using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on a free loopback port that records what it receives and answers with whatever
/// status the test chose for each call (in order, then the last one again).
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly Func<HttpContext, int, Task> _respond;
    private int _calls;

    private HttpReceiver(WebApplication app, Func<HttpContext, int, Task> respond)
    {
        _app = app;
        _respond = respond;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public static Task<HttpReceiver> StartAsync(params int[] statuses)
    {
        int[] script = statuses.Length == 0 ? [200] : statuses;
        return StartAsync(async (context, call) =>
        {
            context.Response.StatusCode = script[Math.Min(call, script.Length - 1)];
            await context.Response.WriteAsync("received");
        });
    }

    /// <summary>
    /// A receiver that answers call number <c>n</c> (from 0) however <paramref name="respond"/> likes, after recording it.
    /// </summary>
    public static Task<HttpReceiver> StartAsync(Func<HttpContext, int, Task> respond) => StartAsync(respond, https: null);

    /// <summary>An HTTPS receiver answering 200 (<see cref="Url"/> names it by its address, 127.0.0.1).</summary>
    public static Task<HttpReceiver> StartTlsAsync(HttpsConnectionAdapterOptions https) =>
        StartAsync((context, _) => context.Response.WriteAsync("received"), https);

    private static async Task<HttpReceiver> StartAsync(Func<HttpContext, int, Task> respond, HttpsConnectionAdapterOptions? https)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = TestHosts.ContentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (https is not null)
            {
                listen.UseHttps(https);
            }
        }));
        var app = builder.Build();
        var receiver = new HttpReceiver(app, respond);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);

        // The script may read the body too.
        body.Position = 0;
        context.Request.Body = body;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            headers,
            body.ToArray(),
            context.Connection.ClientCertificate?.Subject));
        await _respond(context, Interlocked.Increment(ref _calls) - 1);
    }
}

public sealed record ReceivedRequest(
    string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? ClientCertificate = null)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
