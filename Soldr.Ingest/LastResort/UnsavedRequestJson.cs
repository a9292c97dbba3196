using System.Text;
using System.Text.Json;
using Soldr.Core.Requests;
using Soldr.Ingest.Addressing;

namespace Soldr.Ingest.LastResort;

/// <summary>
/// A request that could be kept nowhere, as one JSON line under a marker key that nothing else writes:
/// <c>{"soldrUnsavedRequest":{...}}</c>. Whatever collects stdout keeps it, and <c>import-log</c> finds it
/// again even behind a prefix such as the AppHost's <c>ingest | </c>.
/// </summary>
internal static class UnsavedRequestJson
{
    public const string Marker = "soldrUnsavedRequest";
    private const string QuotedMarker = "\"" + Marker + "\"";

    public static string Serialize(IncomingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(Marker);
            json.WriteString("id", request.Id);
            json.WriteString("webhook", request.WebhookName);
            json.WriteString("receivedAt", request.ReceivedAt);
            json.WriteString("method", request.Method);
            json.WriteString("path", request.Path);
            json.WriteString("query", request.Query);
            // The [[name, value], ...] shape PostgreSQL stores, written by the one encoder of it.
            json.WritePropertyName("headers");
            json.WriteRawValue(HeaderJson.Serialize(request.Headers));
            json.WriteBase64String("bodyBase64", request.Body.Span);
            json.WriteString("sourceAddress", request.SourceAddress);
            json.WriteString("traceParent", request.TraceParent);
            json.WriteString("traceState", request.TraceState);
            json.WriteString("scheme", request.Scheme);
            json.WriteString("eventType", request.EventType);
            if (request.Verification is { } verification)
            {
                json.WriteStartObject("verification");
                json.WriteString("method", verification.Method);
                json.WriteBoolean("verified", verification.Verified);
                json.WriteString("detail", verification.Detail);
                json.WriteEndObject();
            }

            if (request.Deduplication is { } key)
            {
                json.WriteStartObject("deduplication");
                json.WriteString("key", key.Key);
                json.WriteString("window", key.Window.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>False when the line carries no marker; throws <see cref="JsonException"/> when it carries a damaged one.</summary>
    public static bool TryParse(string line, out IncomingRequest? request)
    {
        ArgumentNullException.ThrowIfNull(line);
        request = null;
        var marker = line.IndexOf(QuotedMarker, StringComparison.Ordinal);
        var start = marker < 0 ? -1 : line.LastIndexOf('{', marker);
        if (start < 0)
        {
            return false;
        }

        // Reads one JSON value from the brace and ignores whatever a log collector appended after it.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line[start..]));
        using var document = JsonDocument.ParseValue(ref reader);
        var r = document.RootElement.GetProperty(Marker);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var pair in r.GetProperty("headers").EnumerateArray())
        {
            headers.Add(new(pair[0].GetString() ?? string.Empty, pair[1].GetString() ?? string.Empty));
        }

        request = new IncomingRequest(
            r.GetProperty("id").GetGuid(),
            r.GetProperty("webhook").GetString() ?? throw new JsonException("webhook is missing."),
            r.GetProperty("receivedAt").GetDateTimeOffset(),
            r.GetProperty("method").GetString() ?? throw new JsonException("method is missing."),
            r.GetProperty("path").GetString() ?? "/",
            r.GetProperty("query").GetString() ?? string.Empty,
            headers,
            r.GetProperty("bodyBase64").GetBytesFromBase64(),
            OptionalString(r, "sourceAddress"),
            OptionalString(r, "traceParent"),
            OptionalString(r, "traceState"),
            // Lines written before the scheme was recorded have none; an edited line cannot make up another.
            Schemes.Normalise(OptionalString(r, "scheme")),
            Verification(r),
            Deduplication(r),
            OptionalString(r, "eventType"));
        return true;
    }

    // An unverified request stays unverified when imported: it is still not delivered until released.
    private static VerificationOutcome? Verification(JsonElement r) =>
        r.TryGetProperty("verification", out var v) && v.ValueKind == JsonValueKind.Object
            ? new VerificationOutcome(
                v.GetProperty("method").GetString() ?? "unknown",
                v.GetProperty("verified").GetBoolean(),
                v.GetProperty("detail").GetString() ?? string.Empty)
            : null;

    private static DeduplicationKey? Deduplication(JsonElement r) =>
        r.TryGetProperty("deduplication", out var d) && d.ValueKind == JsonValueKind.Object
            ? new DeduplicationKey(
                d.GetProperty("key").GetString() ?? throw new JsonException("deduplication.key is missing."),
                TimeSpan.TryParse(d.GetProperty("window").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var window)
                    ? window
                    : throw new JsonException("deduplication.window is not a time span."))
            : null;

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
