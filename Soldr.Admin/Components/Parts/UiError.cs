using System.Net;
using Soldr.Client;

namespace Soldr.Admin.Components.Parts;

/// <summary>What went wrong with a call to the management API, worded for the operator.</summary>
public sealed record UiError(string Message, IReadOnlyDictionary<string, string[]> Fields, HttpStatusCode? Status)
{
    private static readonly Dictionary<string, string[]> NoFields = [];

    /// <summary>Failures of the API call itself; anything else is a bug and goes to the error boundary.</summary>
    public static bool IsApiFailure(Exception exception) =>
        exception is SoldrApiException or HttpRequestException or TaskCanceledException;

    public static UiError From(Exception exception) => exception switch
    {
        SoldrApiException api => new(Describe(api), api.Errors, api.Status),
        HttpRequestException => new("The management API did not answer. Check that it is running and that Soldr:Admin:ApiUrl points to it.", NoFields, null),
        _ => new("The management API took too long to answer. Try again in a moment.", NoFields, null),
    };

    public bool IsConflict => Status == HttpStatusCode.Conflict;

    /// <summary>Messages for one field; API field names are matched without regard to case.</summary>
    public IReadOnlyList<string> For(string field) =>
        [.. Fields.Where(f => string.Equals(f.Key, field, StringComparison.OrdinalIgnoreCase)).SelectMany(f => f.Value)];

    private static string Describe(SoldrApiException api)
    {
        var detail = string.IsNullOrWhiteSpace(api.Detail) ? null : api.Detail;
        return api.Status switch
        {
            HttpStatusCode.NotFound => detail ?? "Not found: it does not exist, or it was deleted or purged.",
            HttpStatusCode.MethodNotAllowed => detail ?? $"The management API answered {(int)api.Status}: this version of the API does not offer that.",
            HttpStatusCode.Unauthorized => "The management API refused the UI's secret (401): Soldr:Admin:Secret must be the same for the UI and the API.",
            HttpStatusCode.Conflict => detail ?? "A delivery of this request is being sent right now. Try again when it has finished.",
            HttpStatusCode.BadRequest when api.Errors.Count > 0 => detail ?? "Some fields need attention.",
            _ => detail ?? api.Title ?? $"The management API answered {(int)api.Status} {api.Status}.",
        };
    }
}
