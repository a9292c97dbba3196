using System.Net;
using System.Net.Sockets;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A listener on a free port that serves every connection it accepts, side by side, with one handler,
/// until disposed; disposing waits for the connections being served. The handler is given the token that
/// disposing cancels.
/// </summary>
public sealed class TcpConnections : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpConnections(IPAddress address, Func<TcpClient, CancellationToken, Task> serve)
    {
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _accepting = AcceptAsync(serve);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<TcpClient, CancellationToken, Task> serve)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                connections.Add(serve(await _listener.AcceptTcpClientAsync(_stop.Token), _stop.Token));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }

        await Task.WhenAll(connections);
    }
}
