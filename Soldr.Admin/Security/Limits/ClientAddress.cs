using System.Net;
using System.Net.Sockets;

namespace Soldr.Admin.Security.Limits;

/// <summary>Who failed, for the limit and its log line: the caller's IP address.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The address the connection came from. An IPv6 client is counted by its /64 network: one host
    /// usually holds a whole /64, and counting its addresses one by one would give it billions of tries.
    /// </summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Of(context.Connection.RemoteIpAddress);
    }

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IPv6Loopback.Equals(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
