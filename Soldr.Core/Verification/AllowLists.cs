using System.Net;
using System.Runtime.CompilerServices;
using Soldr.Client.Contracts;
using Soldr.Core.Deliveries;

namespace Soldr.Core.Verification;

/// <summary>
/// Where a request may come from: its source address within <c>AllowedNetworks</c>, its <c>Origin</c>
/// header one of <c>AllowedOrigins</c>. An empty list counts as unset; the rules refuse one.
/// </summary>
internal static class AllowLists
{
    public const string Networks = "networks";
    public const string Origins = "origins";

    // Parsed once per settings object: ingest holds one per webhook until its next refresh, and checks every
    // request against it.
    private static readonly ConditionalWeakTable<VerificationSettings, IPNetwork[]> ParsedNetworks = new();

    public static bool HasNetworks(VerificationSettings settings) => settings.AllowedNetworks is { Count: > 0 };

    public static bool HasOrigins(VerificationSettings settings) => settings.AllowedOrigins is { Count: > 0 };

    public static VerificationResult? CheckNetworks(VerificationSettings settings, IPAddress? source)
    {
        if (!HasNetworks(settings))
        {
            return null;
        }

        if (source is null)
        {
            return VerificationResult.Fail(Networks, "the source address is unknown");
        }

        // An IPv4 client reached over a dual-stack socket appears as ::ffff:a.b.c.d; ranges are written in IPv4.
        var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        var networks = ParsedNetworks.GetValue(
            settings, s => [.. s.AllowedNetworks!.SelectMany(entry => NetworkRanges.Parse(entry) ?? [])]);
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return null;
            }
        }

        return VerificationResult.Fail(Networks, $"source {address} is not in the allowed networks");
    }

    public static VerificationResult? CheckOrigins(VerificationSettings settings, RequestHeaders headers)
    {
        if (!HasOrigins(settings))
        {
            return null;
        }

        if (!headers.TryGetSingle("Origin", out var origin, out var problem))
        {
            return VerificationResult.Fail(Origins, problem);
        }

        return settings.AllowedOrigins!.Contains(origin, StringComparer.OrdinalIgnoreCase)
            ? null
            : VerificationResult.Fail(Origins, $"Origin {DisplayText.Of(origin)} is not allowed");
    }
}
