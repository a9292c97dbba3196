using System.Net.Http.Json;
using System.Text.Json;

namespace Soldr.Client;

/// <summary>
/// Turns an answer that is not a success into a <see cref="SoldrApiException"/> with the problem it describes.
/// </summary>
internal static class ProblemResponses
{
    /// <summary>Null for a success: Refit then reads the answer as usual.</summary>
    public static async ValueTask<Exception?> ToExceptionAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        ProblemBody? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemBody>(SoldrClient.Json);
            }
            catch (JsonException)
            {
                // An answer that is not a problem still fails the call, with its status alone.
            }
        }

        return new SoldrApiException(response.StatusCode, problem?.Title, problem?.Detail, problem?.Errors);
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
