namespace Soldr.ServiceDefaults.Telemetry;

/// <summary>
/// The activity sources and meters exported. Without the OpenTelemetry instrumentation packages these
/// are subscribed to by name: ASP.NET Core, HttpClient and Npgsql publish them natively.
/// </summary>
public static class TelemetrySources
{
    /// <summary>Prefix of Soldr's own sources and meters (<c>Soldr.Ingest</c>, <c>Soldr.Delivery</c>, ...).</summary>
    public const string SoldrPrefix = "Soldr.*";

    public static readonly string[] ActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Npgsql",
        SoldrPrefix,
    ];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Npgsql",
        SoldrPrefix,
    ];
}
