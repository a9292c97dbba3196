namespace Soldr.Core.Deliveries;

/// <summary>
/// One try to send a delivery, as it will be shown to an operator. <see cref="RetryAfter"/> is the wait a
/// destination asked for with a 429 or 503. <see cref="Url"/> is where it was sent (or would have been,
/// when Soldr refused to send), without user-info: the URL an operator sees for this attempt.
/// </summary>
public sealed record AttemptRecord(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int? StatusCode,
    IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders,
    byte[]? ResponseBody,
    AttemptError? Error,
    TimeSpan? RetryAfter = null,
    string? Url = null)
{
    public bool Succeeded => Error is null && StatusCode is >= 200 and < 300;
}

/// <summary>
/// Why an attempt failed: <c>timeout</c>, <c>dns</c>, <c>connect</c>, <c>tls</c>, <c>http</c>, <c>other</c>,
/// or <c>refused</c>: Soldr itself refused to send (the URL would leave its destination, the address is
/// in a blocked network, a stored header cannot be written), which no retry would change.
/// </summary>
public sealed record AttemptError(string Kind, string Message)
{
    public const string Refused = "refused";

    /// <summary>Not an attempt at all: the request did not match the destination's filter.</summary>
    public const string Filtered = "filtered";

    public bool IsRefusal => Kind == Refused;
}
