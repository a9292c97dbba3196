namespace Soldr.Core.Deliveries;

/// <summary>
/// One try to send a delivery, as it will be shown to an operator. <see cref="RetryAfter"/> is the wait a
/// destination asked for with a 429 or 503.
/// </summary>
public sealed record AttemptRecord(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int? StatusCode,
    IReadOnlyList<KeyValuePair<string, string>>? ResponseHeaders,
    byte[]? ResponseBody,
    AttemptError? Error,
    TimeSpan? RetryAfter = null)
{
    public bool Succeeded => Error is null && StatusCode is >= 200 and < 300;
}

/// <summary>Why an attempt failed: <c>timeout</c>, <c>dns</c>, <c>connect</c>, <c>tls</c>, <c>http</c> or <c>other</c>.</summary>
public sealed record AttemptError(string Kind, string Message);
