using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Soldr.Client;

namespace Soldr.Admin.Client;

/// <summary>
/// The management UI's <see cref="ISoldrApi"/>, made in each page's scope so that every call carries that
/// page's session. The handlers of a registered HttpClient live in a scope of their own and cannot see the
/// page's, so the session's handler goes in front of the registered client's pipeline (its primary handler,
/// its certificate pinning) rather than inside it.
/// </summary>
internal static class SessionApi
{
    public static ISoldrApi Create(IServiceProvider services)
    {
        var pipeline = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(SoldrClient.HttpClientName);
        var handler = new SessionHeaderHandler(services.GetRequiredService<ISessionKeySource>()) { InnerHandler = pipeline };

        // The pipeline belongs to the factory, which ends it when it expires, as for any client it makes.
        var http = new HttpClient(handler, disposeHandler: false);
        var options = services.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>()
            .Get(SoldrClient.HttpClientName);
        foreach (var configure in options.HttpClientActions)
        {
            configure(http);
        }

        return SoldrClient.Create(http);
    }
}
