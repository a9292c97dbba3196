using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Soldr.Client;

namespace Soldr.Tests.Browser;

/// <summary>
/// Every call the management UI makes to the management API, as "GET api/requests?limit=50", recorded
/// by a handler added to the UI's API client. Each call is one read of the database, so this is how
/// often a page view reads its data.
/// </summary>
public sealed class ApiCalls
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> All => [.. _calls];

    public void Clear() => _calls.Clear();

    /// <summary>Adds the recording handler to the UI's API client in <paramref name="services"/>.</summary>
    public void RecordFrom(IServiceCollection services) =>
        services.AddHttpClient(SoldrClient.HttpClientName).AddHttpMessageHandler(() => new Recorder(_calls));

    private sealed class Recorder(ConcurrentQueue<string> calls) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            calls.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery.TrimStart('/')}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
