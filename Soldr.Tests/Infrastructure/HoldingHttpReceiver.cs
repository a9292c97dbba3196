using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on a free loopback port that records each request as soon as it arrives, then
/// holds it open without answering until the test calls <see cref="Release"/>; from then on every
/// request, held or new, is answered 200. It lets a test catch a sender with sends in flight.
/// </summary>
public sealed class HoldingHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    private HoldingHttpReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request in arrival order, recorded before it is held.</summary>
    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    /// <summary>Requests waiting for <see cref="Release"/> whose sender is still connected.</summary>
    public int Held => Volatile.Read(ref _held);

    public static async Task<HoldingHttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = TestHosts.ContentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new HoldingHttpReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>Answers the held requests and every later one with 200.</summary>
    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        // Stopping waits for requests in progress; held ones must be let go first or it would hang.
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            headers,
            body.ToArray()));

        Interlocked.Increment(ref _held);
        try
        {
            await _gate.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The sender went away (a killed process closes its sockets); there is no one to answer.
            return;
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsync("received", context.RequestAborted);
    }
}
