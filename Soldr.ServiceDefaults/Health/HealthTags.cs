namespace Soldr.ServiceDefaults;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthTags
{
    /// <summary>Checks that say the process is alive (<c>/alive</c>).</summary>
    public const string Live = "live";

    /// <summary>Checks of the process's dependencies (<c>/health</c> runs these and the live ones).</summary>
    public const string Ready = "ready";
}
