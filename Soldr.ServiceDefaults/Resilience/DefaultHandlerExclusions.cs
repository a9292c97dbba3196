namespace Soldr.ServiceDefaults.Resilience;

/// <summary>Names of HttpClients that must not get one of the default handlers.</summary>
internal sealed class DefaultHandlerExclusions
{
    /// <summary>Clients without the default retry pipeline.</summary>
    public HashSet<string> WithoutResilience { get; } = new(StringComparer.Ordinal);

    /// <summary>Clients whose addresses are used exactly as given, never resolved as service names.</summary>
    public HashSet<string> WithoutServiceDiscovery { get; } = new(StringComparer.Ordinal);
}
