namespace Soldr.Admin.Components;

/// <summary>Where the UI finds the management API.</summary>
internal static class ManagementApiAddress
{
    public const string Key = "Soldr:Admin:ApiUrl";

    /// <summary>Aspire's service-discovery key for the admin service's "api" endpoint.</summary>
    public const string DiscoveryKey = "services:admin:api:0";

    public const string Default = "http://127.0.0.1:8443";

    public static Uri FromConfiguration(IConfiguration configuration)
    {
        var (key, value) = configuration[Key] is { Length: > 0 } explicitUrl ? (Key, explicitUrl)
            : configuration[DiscoveryKey] is { Length: > 0 } discovered ? (DiscoveryKey, discovered)
            : ("default", Default);

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"Configuration key '{key}' must be an http(s) URL of the management API, not '{value}'.");
        }

        // The AppHost announces the API's endpoint as http; with a certificate configured it is served over TLS.
        if (uri.Scheme == Uri.UriSchemeHttp && key != Key && Security.ApiCertificate.IsConfigured(configuration))
        {
            uri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps }.Uri;
        }

        // The client's paths are relative ("api/..."), so the base must end with a slash to keep any path prefix.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }
}
