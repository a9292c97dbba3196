using System.Globalization;

namespace Soldr.Admin.Security;

/// <summary>
/// The local port the management API listens on. Requests are told apart by the port they arrived on,
/// not by their Host header, which the caller controls.
/// </summary>
public sealed record ManagementApiPort(int Port)
{
    public static ManagementApiPort FromConfiguration(IConfiguration configuration, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = $"Kestrel:Endpoints:{endpointName}:Url";
        var url = configuration[key];
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException($"Configuration key '{key}' is missing: it sets where the management API listens, e.g. http://127.0.0.1:8443.");
        }

        // Kestrel accepts wildcard hosts (http://*:8443, http://+:8443) that Uri does not parse.
        var normalized = url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            throw new InvalidOperationException($"Configuration key '{key}' must be a URL with a port, not '{url}'.");
        }

        return new ManagementApiPort(uri.Port);
    }

    public bool Serves(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.LocalPort == Port;
    }

    public override string ToString() => Port.ToString(CultureInfo.InvariantCulture);
}
