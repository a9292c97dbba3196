namespace Soldr.Bench;

/// <summary>A bare Kestrel app on the loopback: no logging and no middleware, so it costs as little as possible.</summary>
internal static class Hosting
{
    public static WebApplication Create(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenLocalhost(port);
            k.AddServerHeader = false;
            // Bodies of the suite are 1 KB; the default limit is fine, but no request is ever refused for size.
            k.Limits.MaxRequestBodySize = null;
        });
        return builder.Build();
    }
}
