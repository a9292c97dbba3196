using System.Net;
using System.Net.Sockets;

namespace Soldr.AppHost.Hosting;

/// <summary>Free-port allocation and "is this port taken" checks, by really binding a socket.</summary>
public static class Ports
{
    // The kernel may offer a port again as soon as its probe socket closes; two endpoints of one run must
    // not both get it, so ports handed out here are not handed out twice.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port that was free a moment ago on the loopback interface, and not handed out before by this process.</summary>
    public static int GetFree()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>Whether something already listens on <paramref name="port"/> at <paramref name="bindAddress"/>.</summary>
    public static bool IsInUse(string bindAddress, int port)
    {
        foreach (var address in AddressesFor(bindAddress))
        {
            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return true;
            }
            catch (SocketException)
            {
                // The address family is not available here (e.g. no IPv6); nothing can listen there either.
            }
        }

        return false;
    }

    private static IPAddress[] AddressesFor(string bindAddress) => bindAddress switch
    {
        "localhost" => [IPAddress.Loopback, IPAddress.IPv6Loopback],
        "*" or "+" or "0.0.0.0" => [IPAddress.Any],
        "::" or "[::]" => [IPAddress.IPv6Any],
        _ when IPAddress.TryParse(bindAddress.Trim('[', ']'), out var parsed) => [parsed],
        _ => [IPAddress.Any],
    };
}
