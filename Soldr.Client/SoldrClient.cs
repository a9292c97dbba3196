using System.Text.Json;
using Refit;

namespace Soldr.Client;

/// <summary>Makes <see cref="ISoldrApi"/> clients that speak the API's JSON and report its problems.</summary>
public static class SoldrClient
{
    /// <summary>The name of the HttpClient that <see cref="SoldrClientExtensions.AddSoldrClient"/> registers.</summary>
    public const string HttpClientName = "Soldr.Client";

    /// <summary>The API's own JSON: camelCase, case-insensitive on reading, enums as numbers.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A client over <paramref name="http"/>, which carries the API's base address and the
    /// <c>Authorization: Bearer</c> secret.
    /// </summary>
    public static ISoldrApi Create(HttpClient http) => RestService.ForGenerated<ISoldrApi>(http, Settings());

    /// <summary>The settings every <see cref="ISoldrApi"/> client is made with.</summary>
    public static RefitSettings Settings()
    {
        var urls = new DefaultUrlParameterFormatter();

        // Round-trip times keep their offset and fractions, as the API's filters compare them exactly.
        urls.AddFormat<DateTimeOffset>("O");
        return new RefitSettings(
            new SystemTextJsonContentSerializer(Json),
            urls,
            new DefaultFormUrlEncodedParameterFormatter(),
            new CamelCaseUrlParameterKeyFormatter())
        {
            ExceptionFactory = ProblemResponses.ToExceptionAsync,
        };
    }
}
