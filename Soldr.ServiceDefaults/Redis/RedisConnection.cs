using System.Net.Security;
using System.Net.Sockets;

namespace Soldr.ServiceDefaults.Redis;

/// <summary>
/// One connection to a Redis-compatible server. Commands are sent one at a time; a connection whose
/// command failed half-way is marked broken, because the reply stream can no longer be trusted.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private RedisConnection(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public bool IsBroken { get; private set; }

    public static async Task<RedisConnection> ConnectAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            Stream stream = tcp.GetStream();
            if (endpoint.UseSsl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host }, cancellationToken);
                stream = ssl;
            }

            var connection = new RedisConnection(tcp, new BufferedStream(stream, 8192));
            await connection.SignInAsync(endpoint, cancellationToken);
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command and returns its reply; a server error reply is returned, not thrown.</summary>
    public async Task<RespValue> ExecuteAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsBroken, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Checked again under the gate: a command that failed while we waited may have left its
            // reply on the wire, which we would otherwise read as ours.
            ObjectDisposedException.ThrowIf(IsBroken, this);
            await RespProtocol.WriteCommandAsync(_stream, args, cancellationToken);
            return await RespProtocol.ReadAsync(_stream, cancellationToken);
        }
        catch
        {
            IsBroken = true;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the next message the server pushes (used once the connection has subscribed).</summary>
    public async Task<RespValue> ReadPushAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RespProtocol.ReadAsync(_stream, cancellationToken);
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    // The gate is not disposed: a caller may still be waiting on it, and it holds no OS handle.
    public async ValueTask DisposeAsync()
    {
        IsBroken = true;
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task SignInAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.Password is not null)
        {
            string[] auth = endpoint.User is null ? ["AUTH", endpoint.Password] : ["AUTH", endpoint.User, endpoint.Password];
            ThrowOnError(await ExecuteAsync(auth, cancellationToken), "AUTH");
        }

        if (endpoint.Database != 0)
        {
            ThrowOnError(await ExecuteAsync(["SELECT", endpoint.Database.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken), "SELECT");
        }
    }

    // The server's error text is kept, but never the arguments: AUTH carries the password.
    private static void ThrowOnError(RespValue reply, string command)
    {
        if (reply.IsError)
        {
            throw new RedisException($"{command} was refused: {reply.Text}");
        }
    }
}
