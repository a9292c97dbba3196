using Soldr.ServiceDefaults.Clients;
using Soldr.Worker.Alerts;
using Soldr.Worker.Delivery;
using Soldr.Worker.Delivery.Network;
using Soldr.Worker.Delivery.Tls;
using Soldr.Worker.Delivery.Urls;

namespace Soldr.Worker.Extensions;

internal static class HttpClientExtensions
{
    /// <summary>
    /// The clients that leave the worker: deliveries to destinations and alert notices. Neither follows
    /// redirects (a destination's 3xx is its answer, and a redirect would go where nobody configured).
    /// </summary>
    public static IServiceCollection AddOutboundHttpClients(this IServiceCollection services)
    {
        services.AddSingleton<NetworkPolicy>();
        services.AddSingleton<GuardedConnect>();
        services.AddSingleton<DestinationUrls>();
        services.AddSingleton<DestinationTlsClients>();

        // Deliveries have their own timeout and record every attempt; a hidden retry would send twice.
        // The worker logs each attempt itself, with the destination's URL made safe to log; the client's
        // own log handlers would add a scope and two log checks to every send.
        services.AddHttpClient(DeliverySender.ClientName)
            .WithoutStandardResilience()
            .WithoutServiceDiscovery()
            .RemoveAllLoggers()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services =>
                DeliveryHandler.Create(services.GetRequiredService<GuardedConnect>(), ServerCertificateCheck.SystemOnly));

        services.AddHttpClient(WebhookAlertChannel.ClientName)
            .WithoutStandardResilience()
            .WithoutServiceDiscovery()
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
