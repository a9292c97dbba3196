using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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
    private readonly int[] _statuses;
    private int _calls;

    private HttpReceiver(WebApplication app, int[] statuses)
    {
        _app = app;
        _statuses = statuses;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public static async Task<HttpReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = TestHosts.ContentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new HttpReceiver(app, statuses.Length == 0 ? [200] : statuses);
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
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            headers,
            body.ToArray()));
        var call = Interlocked.Increment(ref _calls) - 1;
        context.Response.StatusCode = _statuses[Math.Min(call, _statuses.Length - 1)];
        await context.Response.WriteAsync("received");
    }
}

public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
