using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Soldr.Admin.Apis;

/// <summary>
/// Turns a request the API could not read (malformed JSON, an unknown member, a value of the wrong type, a
/// missing body, a query value that does not parse) into a 400 that names what is wrong: the field as the
/// JSON spells it, or the line and byte where the JSON broke. Values are never repeated in the answer or
/// the log, as a body may carry secrets.
/// </summary>
internal sealed partial class BadRequestProblems(ILogger<BadRequestProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (status, errors) = Describe(bad);
        Log.BadRequest(
            logger, httpContext.Request.Method, httpContext.Request.Path, httpContext.Connection.RemoteIpAddress?.ToString(),
            string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        var result = status == StatusCodes.Status400BadRequest
            ? TypedResults.ValidationProblem(errors, title: "The request could not be read.")
            : (IResult)TypedResults.Problem(statusCode: status, detail: string.Join(" ", errors.Values.SelectMany(v => v)));
        await result.ExecuteAsync(httpContext);
        return true;
    }

    public static (int Status, Dictionary<string, string[]> Errors) Describe(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return (exception.StatusCode, One("body", "Send the body as JSON with Content-Type: application/json."));
        }

        if (exception.InnerException is JsonException json)
        {
            return (StatusCodes.Status400BadRequest, FromJson(json));
        }

        if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            return (StatusCodes.Status400BadRequest, One(bind.Groups["name"].Value, $"Not {Expected(bind.Groups["type"].Value)}."));
        }

        if (exception.Message.Contains("was not provided", StringComparison.Ordinal)
            || exception.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return (StatusCodes.Status400BadRequest, One("body", "This call needs a JSON object as its body."));
        }

        return (exception.StatusCode, One("request", exception.Message));
    }

    private static Dictionary<string, string[]> FromJson(JsonException json)
    {
        var field = FieldOf(json.Path);
        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return One(field, $"'{LastMember(json.Path)}' is not a known field here: check its spelling.");
        }

        if (ConvertFailure().Match(json.Message) is { Success: true } convert)
        {
            return One(field, $"Not {Expected(convert.Groups["type"].Value)}.");
        }

        var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
            ? $" at line {line + 1}, byte {position + 1}"
            : string.Empty;
        var reason = json.InnerException?.Message ?? json.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        return One(field == "$" ? "body" : field, $"The body is not valid JSON{where}: {(cut < 0 ? reason : reason[..cut])}");
    }

    /// <summary><c>$.destinations[0].url</c> becomes <c>destinations[0].url</c>; the whole body is <c>body</c>.</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string LastMember(string? path)
    {
        var field = FieldOf(path);
        var dot = field.LastIndexOf('.');
        return dot < 0 ? field : field[(dot + 1)..];
    }

    private static string Expected(string type) => ShortName(type) switch
    {
        "TimeSpan" => "a valid duration: use d.hh:mm:ss, e.g. 00:00:30 for 30 seconds",
        "Int32" or "int" or "Int64" or "long" => "a whole number",
        "Boolean" or "bool" => "true or false",
        "Guid" => "a UUID such as 0191e0c4-2f4b-7c3e-9d1a-5b6f7a8b9c0d",
        "DateTimeOffset" or "DateTime" => "an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z",
        "String" or "string" => "a string",
        var other when other.StartsWith("IReadOnlyList", StringComparison.Ordinal)
            || other.StartsWith("List", StringComparison.Ordinal) => "a list",
        // A record read through its constructor names itself rather than the member's type.
        _ => "a value of the type this field takes (see the API reference)",
    };

    // "System.Nullable`1[System.TimeSpan]" and "int?" read as "TimeSpan" and "int".
    private static string ShortName(string type) =>
        type.TrimEnd('?').Split('.')[^1].Replace("Nullable`1[", string.Empty, StringComparison.Ordinal).TrimEnd(']');

    private static Dictionary<string, string[]> One(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^ "]+)" from""", RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""could not be converted to (?<type>[^ .]+(\.[^ .]+)*)\.""", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertFailure();
}
