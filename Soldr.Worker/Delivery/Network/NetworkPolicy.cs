using System.Net;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;

namespace Soldr.Worker.Delivery.Network;

/// <summary>
/// Which addresses deliveries may connect to (<c>Soldr:Delivery:AllowedNetworks</c> / <c>BlockedNetworks</c>
/// over the built-in blocks). The most specific matching range decides; at equal prefix length an
/// operator's rule beats a built-in one and a block beats an allow; an address no rule matches is allowed.
/// IPv4-mapped IPv6 addresses are checked as the IPv4 addresses they are.
/// </summary>
internal sealed class NetworkPolicy
{
    private readonly Rule[] _rules;

    public NetworkPolicy(IOptions<DeliveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<Rule>();
        foreach (var name in NetworkRanges.BlockedByDefault)
        {
            Add(rules, name, blocks: true, byOperator: false, $"built-in block '{name}'");
        }

        var settings = options.Value;
        for (var i = 0; i < settings.BlockedNetworks.Count; i++)
        {
            Add(rules, settings.BlockedNetworks[i], blocks: true, byOperator: true, $"{DeliveryOptions.Section}:BlockedNetworks:{i}");
        }

        for (var i = 0; i < settings.AllowedNetworks.Count; i++)
        {
            Add(rules, settings.AllowedNetworks[i], blocks: false, byOperator: true, $"{DeliveryOptions.Section}:AllowedNetworks:{i}");
        }

        // The first match in this order is the most specific, then the operator's, then a block.
        _rules = [.. rules
            .OrderByDescending(r => r.Network.PrefixLength)
            .ThenByDescending(r => r.ByOperator)
            .ThenByDescending(r => r.Blocks)];
    }

    /// <summary>Why <paramref name="address"/> may not be connected to, or null if it may.</summary>
    public string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var rule in _rules)
        {
            if (rule.Network.Contains(address))
            {
                return rule.Blocks ? $"{address} is in {rule.Network} ({rule.Source}), where deliveries may not connect" : null;
            }
        }

        return null;
    }

    private static void Add(List<Rule> rules, string entry, bool blocks, bool byOperator, string source)
    {
        // Entries were validated at start-up (DeliveryOptions).
        foreach (var network in NetworkRanges.Parse(entry) ?? [])
        {
            rules.Add(new Rule(network, blocks, byOperator, source));
        }
    }

    private sealed record Rule(IPNetwork Network, bool Blocks, bool ByOperator, string Source);
}
