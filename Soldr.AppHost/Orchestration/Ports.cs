using System.Net;
using System.Net.Sockets;

namespace Soldr.AppHost.Orchestration;

/// <summary>Free-port allocation and "is this port taken" checks, by really binding a socket.</summary>
public static class Ports
{
    /// <summary>A port that was free a moment ago on the loopback interface.</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
