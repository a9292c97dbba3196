using System.Collections.Frozen;
using System.Net;

namespace Soldr.Core.Deliveries;

/// <summary>
/// The entries of <c>Soldr:Delivery:AllowedNetworks</c> and <c>BlockedNetworks</c>: a CIDR range
/// (<c>10.0.0.0/8</c>, <c>fd00::/8</c>), a single address, or one of the named sets below.
/// </summary>
public static class NetworkRanges
{
    /// <summary>Named sets of ranges, each entry of which counts as a rule of its own prefix length.</summary>
    public static readonly FrozenDictionary<string, IPNetwork[]> NamedSets = new Dictionary<string, IPNetwork[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["loopback"] = [Net("127.0.0.0/8"), Net("::1/128")],
        ["private"] = [Net("10.0.0.0/8"), Net("172.16.0.0/12"), Net("192.168.0.0/16"), Net("100.64.0.0/10"), Net("fc00::/7")],
        ["link-local"] = [Net("169.254.0.0/16"), Net("fe80::/10")],
        ["metadata"] = [Net("169.254.169.254/32"), Net("fd00:ec2::254/128"), Net("100.100.100.200/32")],
        ["unspecified"] = [Net("0.0.0.0/8"), Net("::/128")],
        ["multicast"] = [Net("224.0.0.0/4"), Net("ff00::/8")],
        ["broadcast"] = [Net("255.255.255.255/32")],
        ["any"] = [Net("0.0.0.0/0"), Net("::/0")],
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Refused unless the operator allows them: no webhook has a reason to reach these.</summary>
    public static readonly IReadOnlyList<string> BlockedByDefault = ["link-local", "metadata", "unspecified", "multicast", "broadcast"];

    public static string Names => string.Join(", ", NamedSets.Keys.Order(StringComparer.Ordinal));

    /// <summary>The ranges an entry stands for, or null if it is neither a range, an address nor a named set.</summary>
    public static IPNetwork[]? Parse(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return null;
        }

        entry = entry.Trim();
        if (NamedSets.TryGetValue(entry, out var named))
        {
            return named;
        }

        // A range whose address has bits set past its prefix (10.0.0.1/8) is refused rather than masked:
        // it more likely means a single host than the whole range.
        if (IPNetwork.TryParse(entry, out var network))
        {
            return IPAddress.TryParse(entry.AsSpan(0, entry.IndexOf('/', StringComparison.Ordinal)), out var written)
                && written.Equals(network.BaseAddress)
                ? [Normalise(network)]
                : null;
        }

        return IPAddress.TryParse(entry, out var address)
            ? [Normalise(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))]
            : null;
    }

    /// <summary>An IPv4-mapped IPv6 range (<c>::ffff:10.0.0.0/104</c>) is the IPv4 range it maps, as addresses are checked.</summary>
    private static IPNetwork Normalise(IPNetwork network) =>
        network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96)
            : network;

    private static IPNetwork Net(string cidr) => IPNetwork.Parse(cidr);
}
