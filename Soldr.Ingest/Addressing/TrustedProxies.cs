using System.Net;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.Addressing;

/// <summary>The peers whose <c>X-Forwarded-For</c> is believed, parsed once from <c>Soldr:Ingest:TrustedProxies</c>.</summary>
internal sealed class TrustedProxies(IOptions<IngestOptions> options)
{
    private readonly IPNetwork[] _networks = [.. options.Value.TrustedProxies.Select(p => TryParse(p)!.Value)];

    public bool IsEmpty => _networks.Length == 0;

    public bool Contains(IPAddress address)
    {
        var normalised = Normalise(address);
        foreach (var network in _networks)
        {
            if (network.Contains(normalised))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An address (a network of one) or a CIDR range; null when it is neither.</summary>
    public static IPNetwork? TryParse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(Normalise(address), address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }

    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; configured ranges are written as IPv4.
    public static IPAddress Normalise(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
