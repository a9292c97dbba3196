using System.Text.Encodings.Web;
using System.Text.Json;

namespace Soldr.Admin.Components.Pages.Requests;

/// <summary>How a body is shown: JSON indented, other text as is, anything not UTF-8 as base64.</summary>
public static class BodyText
{
    // The page escapes all text it renders, so the JSON writer need not escape HTML characters too.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string? ContentType(IReadOnlyList<string[]>? headers) =>
        headers?.FirstOrDefault(h => h.Length == 2 && string.Equals(h[0], "Content-Type", StringComparison.OrdinalIgnoreCase))?[1];

    /// <summary>The body pretty-printed when it is JSON (whatever the content type claims), else null.</summary>
    public static string? PrettyJson(string? body)
    {
        var trimmed = body?.TrimStart();
        if (string.IsNullOrEmpty(trimmed) || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Size(string? body, string base64) =>
        body is not null ? $"{System.Text.Encoding.UTF8.GetByteCount(body):N0} bytes" : $"{base64.Length / 4 * 3 - base64.Count(c => c == '='):N0} bytes";
}
