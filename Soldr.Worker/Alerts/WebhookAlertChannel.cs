using System.Net.Http.Headers;
using System.Text.Json;
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
                Kind: notice.IsCircuit ? "circuit" : "failures",
                State: notice.Kind switch
                {
                    AlertNoticeKind.Resolved => "resolved",
                    AlertNoticeKind.Disabled => "disabled",
                    _ => "open",
                },
                Webhook: notice.Webhook,
                Destination: LogSafeUrl.From(notice.DestinationUrl),
                Reason: notice.Reason,
                FailedDeliveries: notice.FailedDeliveries,
                OpenedAt: notice.OpenedAt,
                ResolvedAt: notice.ResolvedAt,
                HeldDeliveries: notice.IsCircuit ? notice.HeldDeliveries : null));

        // Sent with a Content-Length rather than chunked: simple receivers read exactly that many bytes.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, AlertJsonContext.Default.AlertPayload));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await clients.CreateClient(ClientName).PostAsync(options.Value.WebhookUrl, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
