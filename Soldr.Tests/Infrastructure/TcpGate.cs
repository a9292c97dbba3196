using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// A TCP forwarder in front of a real server that a test can shut and reopen, to make the server
/// unreachable for one client without stopping it for everyone else. While shut, new connections are
/// reset at once and open ones are cut, the way a failed-over or crashed database looks to a client.
/// While held, connections stay open and new ones are accepted, but no byte is passed on in either
/// direction (nor the end of a stream): a frozen server, or a network path that stopped forwarding.
/// Whatever was held back is passed on, in order, once the gate opens.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private const int PumpBufferBytes = 16 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private volatile int _upstreamPort;
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _shut;
    private volatile TaskCompletionSource _flowing = Flowing();

    public TcpGate(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Where new connections go: a server restarted on another port is reached through the same gate.</summary>
    public int UpstreamPort
    {
        get => _upstreamPort;
        set => _upstreamPort = value;
    }

    public void Shut()
    {
        _shut = true;
        foreach (var (client, upstream) in _open)
        {
            Reset(client);
            Reset(upstream);
        }

        _open.Clear();
    }

    /// <summary>True from <see cref="Hold"/> until <see cref="Open"/>.</summary>
    public bool IsHolding => !_flowing.Task.IsCompleted;

    /// <summary>Stops passing bytes on, without closing anything.</summary>
    public void Hold()
    {
        if (!IsHolding)
        {
            _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets connections in again after <see cref="Shut"/>, and bytes through after <see cref="Hold"/>.</summary>
    public void Open()
    {
        _shut = false;
        _flowing.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Shut();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (_shut)
            {
                Reset(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            _open[client] = upstream;
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client.GetStream(), upstream.GetStream(), done.Token);
            var down = PumpAsync(upstream.GetStream(), client.GetStream(), done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            _open.TryRemove(client, out _);
            Reset(client);
            Reset(upstream);
        }
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    // While held, takes one buffer in at most and passes nothing on, not even the end of the stream,
    // until the gate opens; the sender's writes then stall as its window fills.
    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[PumpBufferBytes];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await _flowing.Task.WaitAsync(cancellationToken);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        await _flowing.Task.WaitAsync(cancellationToken);
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
