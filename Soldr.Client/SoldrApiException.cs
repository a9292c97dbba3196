using System.Net;

namespace Soldr.Client;

/// <summary>
/// A management API call that did not succeed, with the ProblemDetails it answered: the status, title,
/// detail and, for a validation problem, the message of each field at fault.
/// </summary>
public sealed class SoldrApiException : Exception
{
    public SoldrApiException()
    {
    }

    public SoldrApiException(string message)
        : base(message)
    {
    }

    public SoldrApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SoldrApiException(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public HttpStatusCode Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Field name to messages, for 400 validation problems; empty otherwise.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]>();

    private static string Describe(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var text = $"{(int)status} {title ?? status.ToString()}";
        if (!string.IsNullOrEmpty(detail))
        {
            text += $": {detail}";
        }

        if (errors is { Count: > 0 })
        {
            text += " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + ")";
        }

        return text;
    }
}
