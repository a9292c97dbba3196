using System.Net;
using System.Net.Sockets;

namespace Soldr.Worker.Delivery.Network;

/// <summary>
/// The delivery client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host itself and
/// connects only to addresses the <see cref="NetworkPolicy"/> allows. Checking the address actually
/// connected to, after resolution, is what makes a DNS answer that changes between a check and the
/// connection (rebinding) harmless.
/// </summary>
internal sealed class GuardedConnect(NetworkPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

        string? refusal = null;
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (policy.Refusal(address) is { } refused)
            {
                refusal ??= refused;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        // A connection that failed says more than a refusal of another of the host's addresses.
        throw failure
            ?? (refusal is not null ? new RefusedAddressException(refusal) : new SocketException((int)SocketError.HostNotFound));
    }
}
