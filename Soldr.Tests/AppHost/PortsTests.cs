using System.Net;
using System.Net.Sockets;
using Soldr.AppHost.Hosting;

namespace Soldr.Tests.AppHost;

public sealed class PortsTests
{
    [Fact]
    public void IsInUse_SeesAListeningSocket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(Ports.IsInUse("127.0.0.1", port));
        Assert.True(Ports.IsInUse("localhost", port));
    }

    [Fact]
    public void GetFree_ReturnsAPortNobodyListensOn()
    {
        var port = Ports.GetFree();

        Assert.InRange(port, 1024, 65535);
        Assert.False(Ports.IsInUse("127.0.0.1", port));
    }

    [Fact]
    public void GetFree_NeverHandsOutTheSamePortTwice()
    {
        var ports = Enumerable.Range(0, 2000).Select(_ => Ports.GetFree()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
