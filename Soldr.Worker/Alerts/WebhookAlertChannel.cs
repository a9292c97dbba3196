using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Soldr.Core.Alerts;
using Soldr.Core.Diagnostics;

namespace Soldr.Worker.Alerts;

/// <summary>POSTs the notice as JSON with a Slack-compatible <c>text</c> field and the details beside it.</summary>
internal sealed class WebhookAlertChannel(IHttpClientFactory clients, IOptions<AlertOptions> options) : IAlertChannel
{
    public const string ClientName = "alerts";

    public string Name => "alert webhook";

    public bool IsConfigured => options.Value.WebhookUrl is not null;

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var payload = new AlertPayload(
            Text: $"{AlertText.Subject(notice)}\n{AlertText.Body(notice)}",
            Alert: new AlertPayloadDetails(
                Id: notice.AlertId,
                State: notice.Kind == AlertNoticeKind.Opened ? "open" : "resolved",
                Webhook: notice.Webhook,
                Destination: LogSafeUrl.From(notice.DestinationUrl),
                Reason: notice.Reason,
                FailedDeliveries: notice.FailedDeliveries,
                OpenedAt: notice.OpenedAt,
                ResolvedAt: notice.ResolvedAt));
        using var response = await clients.CreateClient(ClientName)
            .PostAsJsonAsync(options.Value.WebhookUrl, payload, AlertJsonContext.Default.AlertPayload, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
