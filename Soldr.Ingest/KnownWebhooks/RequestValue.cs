using Soldr.Core.Json;
using Soldr.Core.Requests;

namespace Soldr.Ingest.KnownWebhooks;

/// <summary>A value read from each request: the first value of a header, or a JSON path into the body.</summary>
internal sealed record RequestValue(string? Header, JsonPathValue? JsonPath)
{
    /// <summary>The rule's value for <paramref name="request"/>; null when it has none, or an empty one.</summary>
    public string? Read(IncomingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? value = null;
        if (Header is not null)
        {
            foreach (var (name, headerValue) in request.Headers)
            {
                if (name.Equals(Header, StringComparison.OrdinalIgnoreCase))
                {
                    value = headerValue;
                    break;
                }
            }
        }
        else if (JsonPath is not null)
        {
            value = JsonPath.Read(request.Body.Span);
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The rule for a header or a path, as settings give them; null for neither, or a path that does not parse.</summary>
    public static RequestValue? From(string? header, string? jsonPath)
    {
        if (header is not null)
        {
            return new RequestValue(header, null);
        }

        return jsonPath is not null && JsonPathValue.TryParse(jsonPath, out var path, out _) ? new RequestValue(null, path) : null;
    }
}
