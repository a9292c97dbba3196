using System.Text.Json;

namespace Soldr.Core.Requests;

/// <summary>
/// Headers are stored as a JSON array of <c>[name, value]</c> pairs: order and repeated names survive,
/// which a JSON object would lose.
/// </summary>
public static class HeaderJson
{
    public static string Serialize(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (name, value) in headers)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStringValue(value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var pair in document.RootElement.EnumerateArray())
        {
            headers.Add(new(pair[0].GetString() ?? string.Empty, pair[1].GetString() ?? string.Empty));
        }

        return headers;
    }
}
