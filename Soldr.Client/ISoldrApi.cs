using Refit;
using Soldr.Client.Contracts;

namespace Soldr.Client;

/// <summary>
/// The management API, one method per route. Make one with <see cref="SoldrClient.Create"/> or register it
/// with <see cref="SoldrClientExtensions.AddSoldrClient"/>; the HttpClient carries the API's base address and
/// the <c>Authorization: Bearer</c> secret. A call that does not succeed throws <see cref="SoldrApiException"/>
/// with the problem the API described.
/// </summary>
public interface ISoldrApi
{
    [Get("/api/webhooks")]
    Task<IReadOnlyList<WebhookView>> ListWebhooksAsync(CancellationToken cancellationToken = default);

    [Get("/api/webhooks/{name}")]
    Task<WebhookView> GetWebhookAsync(string name, CancellationToken cancellationToken = default);

    [Post("/api/webhooks")]
    Task<WebhookView> CreateWebhookAsync([Body] WebhookInput webhook, CancellationToken cancellationToken = default);

    /// <summary>
    /// With <paramref name="cancelPending"/>, unfinished deliveries of removed destinations are cancelled so
    /// they can go.
    /// </summary>
    [Put("/api/webhooks/{name}")]
    Task<WebhookView> UpdateWebhookAsync(
        string name,
        [Body] WebhookInput webhook,
        [Query] bool cancelPending = false,
        CancellationToken cancellationToken = default);

    /// <summary>With <paramref name="cancelPending"/>, the webhook's unfinished deliveries are cancelled first.</summary>
    [Delete("/api/webhooks/{name}")]
    Task DeleteWebhookAsync(
        string name,
        [Query] bool cancelPending = false,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the destination a new signing secret (generated unless <see cref="SigningRotation.Secret"/> is
    /// given) and turns signing on; the current secret keeps signing beside it for the overlap. The answer is
    /// the one time a generated secret is shown.
    /// </summary>
    [Post("/api/webhooks/{name}/destinations/{destinationId}/signing-secret")]
    Task<SigningSecretView> RotateSigningSecretAsync(
        string name,
        long destinationId,
        [Body] SigningRotation rotation,
        CancellationToken cancellationToken = default);

    /// <summary>Opens the destination's circuit: its deliveries are held until it is closed or a probe succeeds.</summary>
    [Post("/api/webhooks/{name}/destinations/{destinationId}/circuit/open")]
    Task<CircuitView> OpenCircuitAsync(string name, long destinationId, CancellationToken cancellationToken = default);

    /// <summary>Closes the destination's circuit: its held deliveries are sent, in the order received.</summary>
    [Post("/api/webhooks/{name}/destinations/{destinationId}/circuit/close")]
    Task<CircuitView> CloseCircuitAsync(string name, long destinationId, CancellationToken cancellationToken = default);

    /// <summary>Sends one held delivery of the open circuit now, on a worker; a success closes the circuit.</summary>
    [Post("/api/webhooks/{name}/destinations/{destinationId}/circuit/probe")]
    Task<CircuitView> ProbeCircuitAsync(string name, long destinationId, CancellationToken cancellationToken = default);

    [Get("/api/requests")]
    Task<RequestPage> ListRequestsAsync(
        [Query] RequestFilter? filter = null,
        [Query] string? cursor = null,
        [Query] int? limit = null,
        CancellationToken cancellationToken = default);

    [Get("/api/requests/{id}")]
    Task<RequestDetailView> GetRequestAsync(Guid id, CancellationToken cancellationToken = default);

    [Put("/api/requests/{id}")]
    Task<RequestDetailView> EditRequestAsync(
        Guid id,
        [Body] RequestEdit edit,
        CancellationToken cancellationToken = default);

    [Post("/api/requests/{id}/resend")]
    Task<DeliveriesChanged> ResendAsync(
        Guid id,
        [Body] DeliverySelection deliveries,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases a request kept unverified: it is routed and delivered like any other. The audit log keeps who
    /// released it.
    /// </summary>
    [Post("/api/requests/{id}/release")]
    Task<RequestDetailView> ReleaseAsync(Guid id, CancellationToken cancellationToken = default);

    [Post("/api/requests/{id}/cancel")]
    Task<DeliveriesChanged> CancelAsync(
        Guid id,
        [Body] DeliverySelection deliveries,
        CancellationToken cancellationToken = default);

    /// <summary>Starts (or schedules, with <see cref="BulkResend.At"/>) a bulk re-send as a background job.</summary>
    [Post("/api/requests/resend")]
    Task<ResendView> ResendManyAsync([Body] BulkResend resend, CancellationToken cancellationToken = default);

    /// <summary>Bulk re-sends, newest first.</summary>
    [Get("/api/resends")]
    Task<IReadOnlyList<ResendView>> ListResendsAsync([Query] int? limit = null, CancellationToken cancellationToken = default);

    [Get("/api/resends/{id}")]
    Task<ResendView> GetResendAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Cancels a scheduled or queued re-send, or stops a running one after its current page.</summary>
    [Post("/api/resends/{id}/cancel")]
    Task<ResendView> CancelResendAsync(long id, CancellationToken cancellationToken = default);

    [Post("/api/requests/cancel")]
    Task<BulkChanged> CancelManyAsync([Body] RequestFilter filter, CancellationToken cancellationToken = default);

    [Get("/api/stats")]
    Task<StatsView> GetStatsAsync(CancellationToken cancellationToken = default);

    [Get("/api/jobs")]
    Task<JobsView> GetJobsAsync(CancellationToken cancellationToken = default);

    /// <summary><paramref name="state"/>: enqueued, scheduled, processing, succeeded, failed or held.</summary>
    [Get("/api/jobs/queue/{state}")]
    Task<IReadOnlyList<QueueItem>> GetQueueAsync(
        string state,
        [Query] int? limit = null,
        CancellationToken cancellationToken = default);

    [Post("/api/jobs/{name}/trigger")]
    Task TriggerJobAsync(string name, CancellationToken cancellationToken = default);

    [Post("/api/jobs/{name}/pause")]
    Task PauseJobAsync(string name, CancellationToken cancellationToken = default);

    [Post("/api/jobs/{name}/resume")]
    Task ResumeJobAsync(string name, CancellationToken cancellationToken = default);

    /// <summary><paramref name="state"/>: open, resolved, or null for both.</summary>
    [Get("/api/alerts")]
    Task<Page<AlertView>> ListAlertsAsync(
        [Query] string? state = null,
        [Query] string? cursor = null,
        CancellationToken cancellationToken = default);

    [Get("/api/audit")]
    Task<Page<AuditEntry>> ListAuditAsync([Query] string? cursor = null, CancellationToken cancellationToken = default);
}
