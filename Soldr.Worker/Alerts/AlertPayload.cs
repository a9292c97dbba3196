using System.Text.Json;
using System.Text.Json.Serialization;

namespace Soldr.Worker.Alerts;

/// <summary>The alert webhook's body: Slack and compatible receivers show <c>text</c>; tools read <c>alert</c>.</summary>
internal sealed record AlertPayload(string Text, AlertPayloadDetails Alert);

internal sealed record AlertPayloadDetails(
    long Id,
    string State,
    string Webhook,
    string Destination,
    string Reason,
    int FailedDeliveries,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertPayload))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
