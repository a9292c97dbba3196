using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Soldr.Admin.Contracts;

namespace Soldr.Admin.Client;

/// <summary>
/// The typed client of the management API: one method per endpoint. The HttpClient it is given carries
/// the API's base address and the <c>Authorization: Bearer</c> secret (see <c>AddSoldrApiClient</c>).
/// Given a <paramref name="session"/> (the management UI resolves one in each page's scope), every call
/// also carries that session (<see cref="SessionHeader"/>), so the API refuses it once the session ends.
/// Failures surface as <see cref="SoldrApiException"/> with the problem the API described.
/// </summary>
public sealed class SoldrApiClient(HttpClient http, ISessionKeySource? session = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<WebhookView>> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<WebhookView>>("api/webhooks", cancellationToken);

    public Task<WebhookView> GetWebhookAsync(string name, CancellationToken cancellationToken = default) =>
        GetAsync<WebhookView>($"api/webhooks/{Uri.EscapeDataString(name)}", cancellationToken);

    public Task<WebhookView> CreateWebhookAsync(WebhookInput webhook, CancellationToken cancellationToken = default) =>
        SendAsync<WebhookView>(HttpMethod.Post, "api/webhooks", webhook, cancellationToken);

    /// <summary>With <paramref name="cancelPending"/>, unfinished deliveries of removed destinations are cancelled so they can go.</summary>
    public Task<WebhookView> UpdateWebhookAsync(string name, WebhookInput webhook, bool cancelPending = false, CancellationToken cancellationToken = default) =>
        SendAsync<WebhookView>(HttpMethod.Put, $"api/webhooks/{Uri.EscapeDataString(name)}{CancelPending(cancelPending)}", webhook, cancellationToken);

    /// <summary>With <paramref name="cancelPending"/>, the webhook's unfinished deliveries are cancelled first.</summary>
    public Task DeleteWebhookAsync(string name, bool cancelPending = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/webhooks/{Uri.EscapeDataString(name)}{CancelPending(cancelPending)}", null, cancellationToken);

    public Task<RequestPage> ListRequestsAsync(RequestFilter? filter = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<RequestPage>("api/requests" + Query(filter, ("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<RequestDetailView> GetRequestAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<RequestDetailView>($"api/requests/{id}", cancellationToken);

    public Task<RequestDetailView> EditRequestAsync(Guid id, RequestEdit edit, CancellationToken cancellationToken = default) =>
        SendAsync<RequestDetailView>(HttpMethod.Put, $"api/requests/{id}", edit, cancellationToken);

    public Task<DeliveriesChanged> ResendAsync(Guid id, DeliverySelection deliveries, CancellationToken cancellationToken = default) =>
        SendAsync<DeliveriesChanged>(HttpMethod.Post, $"api/requests/{id}/resend", deliveries, cancellationToken);

    public Task<DeliveriesChanged> CancelAsync(Guid id, DeliverySelection deliveries, CancellationToken cancellationToken = default) =>
        SendAsync<DeliveriesChanged>(HttpMethod.Post, $"api/requests/{id}/cancel", deliveries, cancellationToken);

    public Task<BulkChanged> ResendManyAsync(BulkResend resend, CancellationToken cancellationToken = default) =>
        SendAsync<BulkChanged>(HttpMethod.Post, "api/requests/resend", resend, cancellationToken);

    public Task<BulkChanged> CancelManyAsync(RequestFilter filter, CancellationToken cancellationToken = default) =>
        SendAsync<BulkChanged>(HttpMethod.Post, "api/requests/cancel", filter, cancellationToken);

    public Task<StatsView> GetStatsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<StatsView>("api/stats", cancellationToken);

    public Task<JobsView> GetJobsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<JobsView>("api/jobs", cancellationToken);

    /// <summary><paramref name="state"/>: enqueued, scheduled, processing, succeeded, failed or held.</summary>
    public Task<IReadOnlyList<QueueItem>> GetQueueAsync(string state, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<QueueItem>>($"api/jobs/queue/{Uri.EscapeDataString(state)}" + Query(null, ("limit", limit?.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task TriggerJobAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/jobs/{Uri.EscapeDataString(name)}/trigger", null, cancellationToken);

    public Task PauseJobAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/jobs/{Uri.EscapeDataString(name)}/pause", null, cancellationToken);

    public Task ResumeJobAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/jobs/{Uri.EscapeDataString(name)}/resume", null, cancellationToken);

    /// <summary><paramref name="state"/>: open, resolved, or null for both.</summary>
    public Task<Page<AlertView>> ListAlertsAsync(string? state = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        GetAsync<Page<AlertView>>("api/alerts" + Query(null, ("state", state), ("cursor", cursor)), cancellationToken);

    public Task<Page<AuditEntry>> ListAuditAsync(string? cursor = null, CancellationToken cancellationToken = default) =>
        GetAsync<Page<AuditEntry>>("api/audit" + Query(null, ("cursor", cursor)), cancellationToken);

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, path, null, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, path, body, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, path, body, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static string CancelPending(bool cancel) => cancel ? "?cancelPending=true" : string.Empty;

    private async ValueTask<HttpRequestMessage> RequestAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        // A client made for a session always says so, with an empty key once the session is gone, so the
        // API refuses the call rather than take it for an API client's.
        var sessionKey = session is null ? null : await session.GetKeyAsync(cancellationToken);
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json),
        };
        if (sessionKey is not null)
        {
            request.Headers.TryAddWithoutValidation(SessionHeader.Name, sessionKey);
        }

        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ProblemBody? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken);
            }
            catch (JsonException)
            {
            }
        }

        throw new SoldrApiException(response.StatusCode, problem?.Title, problem?.Detail, problem?.Errors);
    }

    private static string Query(RequestFilter? filter, params (string Name, string? Value)[] extra)
    {
        var pairs = new List<(string Name, string? Value)>(extra);
        if (filter is not null)
        {
            pairs.Add(("webhook", filter.Webhook));
            pairs.Add(("outcome", filter.Outcome));
            pairs.Add(("destinationId", filter.DestinationId?.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(("from", filter.From?.ToString("O", CultureInfo.InvariantCulture)));
            pairs.Add(("to", filter.To?.ToString("O", CultureInfo.InvariantCulture)));
            pairs.Add(("status", filter.Status?.ToString(CultureInfo.InvariantCulture)));
        }

        var present = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
