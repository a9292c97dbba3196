using System.Text.Json;
using System.Text.Json.Serialization;

namespace Soldr.Worker.Alerts;

/// <summary>
/// The alert webhook's body: Slack and compatible receivers show <c>text</c>; tools read <c>alert</c>. Its
/// <c>kind</c> is <c>failures</c> (deliveries given up) or <c>circuit</c> (deliveries held); a circuit alert's
/// state may be <c>disabled</c>, its second notice.
/// </summary>
internal sealed record AlertPayload(string Text, AlertPayloadDetails Alert);

internal sealed record AlertPayloadDetails(
    long Id,
    string Kind,
    string State,
    string Webhook,
    string Destination,
    string Reason,
    int FailedDeliveries,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    int? HeldDeliveries);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertPayload))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
