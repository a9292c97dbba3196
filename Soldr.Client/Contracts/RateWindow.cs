namespace Soldr.Client.Contracts;

/// <summary>
/// At most <see cref="Count"/> requests in any <see cref="Per"/>: a sliding window. A webhook's
/// <c>IngestLimits</c> lists one or more (a burst and a sustained rate, say 3 per 6 s and 100 per hour).
/// </summary>
public sealed class RateWindow
{
    public int Count { get; set; }

    public TimeSpan Per { get; set; }
}
