namespace Soldr.Core.Management;

/// <summary>A row of <c>resends</c>: a bulk re-send, what it matches, and how far it got.</summary>
public sealed record ResendRecord(
    long Id,
    string State,
    bool FailedOnly,
    RequestSearch Search,
    string Description,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? RunAt,
    string? JobId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? Cutoff,
    DateTimeOffset? FinishedAt,
    long? Total,
    long Processed,
    long Queued,
    long Held,
    long Rerouted,
    string? Error)
{
    /// <summary>What it matches when it runs: the filter, up to when it first started.</summary>
    public RequestSearch SearchAsRun => Cutoff is { } cutoff && (Search.To is null || Search.To > cutoff)
        ? Search with { To = cutoff }
        : Search;
}

/// <summary>The states of a re-send.</summary>
public static class ResendStates
{
    public const string Scheduled = "scheduled";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
