using System.Net;
using System.Net.Sockets;

namespace Soldr.Bench;

internal static class FreePort
{
    // All listeners stay open until every port is chosen, so the ports are distinct; the caller binds
    // them a moment later, which is good enough on a machine not allocating ports in a tight loop.
    public static string Get(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return string.Join(' ', listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port));
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
