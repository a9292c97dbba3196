namespace Soldr.ServiceDefaults.Resilience;

/// <summary>Names of HttpClients that must not get the default retry pipeline.</summary>
internal sealed class DefaultResilienceExclusions
{
    public HashSet<string> ClientNames { get; } = new(StringComparer.Ordinal);
}
