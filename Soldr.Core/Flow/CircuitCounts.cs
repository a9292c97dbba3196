using Npgsql;
using NpgsqlTypes;
using Soldr.Core.Deliveries;

namespace Soldr.Core.Flow;

/// <summary>
/// What one batch of attempts says about each destination's circuit: how many attempts counted, how many
/// failed, and how many failed after the batch's last success. An attempt counts when it says something
/// about the destination: not one at a URL an edit chose, not a delivery filtered out, not one Soldr
/// refused to send, and not a 429, which asks for fewer sends rather than saying the destination is down.
/// </summary>
public sealed class CircuitCounts
{
    private readonly Dictionary<long, Tally> _tallies = [];

    public static CircuitCounts Of(IReadOnlyList<AttemptToRecord> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var counts = new CircuitCounts();
        for (var i = 0; i < attempts.Count; i++)
        {
            var (work, attempt, outcome) = attempts[i];
            if (work.Redirected || outcome.State == DeliveryState.Filtered || attempt.Error is { IsRefusal: true }
                || attempt.StatusCode == 429)
            {
                continue;
            }

            if (!counts._tallies.TryGetValue(work.DestinationId, out var tally))
            {
                counts._tallies[work.DestinationId] = tally = new Tally(work.Policy.Circuit);
            }

            tally.LastIndex = i;
            tally.Attempts++;
            if (attempt.Succeeded)
            {
                tally.Tail = 0;
            }
            else
            {
                tally.Failures++;
                tally.Tail = tally.Tail < 0 ? -1 : tally.Tail + 1;
                tally.LastFailure = outcome.FailureReason ?? DescribeFailure(attempt);
            }
        }

        return counts;
    }

    public bool IsEmpty => _tallies.Count == 0;

    /// <summary>The attempt a destination's circuit change is reported with: its last in the batch.</summary>
    public int LastIndexOf(long destinationId) => _tallies[destinationId].LastIndex;

    /// <summary>Adds the statement that counts the batch into each destination's failures.</summary>
    public void AddCount(NpgsqlBatch batch, string sql, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        p.AddWithValue("now", now);
        p.AddWithValue("cDestination", _tallies.Keys.ToArray());
        p.AddWithValue("cAttempts", _tallies.Values.Select(t => t.Attempts).ToArray());
        p.AddWithValue("cFailures", _tallies.Values.Select(t => t.Failures).ToArray());
        p.AddWithValue("cTail", _tallies.Values.Select(t => t.Tail).ToArray());
        p.AddWithValue("cWindow", NpgsqlDbType.Array | NpgsqlDbType.Double,
            _tallies.Values.Select(t => t.Policy?.FailureRatio is null ? (double?)null : t.Policy.RatioWindow.TotalSeconds).ToArray());
        batch.BatchCommands.Add(command);
    }

    /// <summary>
    /// Adds the statement that opens the circuits the batch tripped, for destinations that failed in it and
    /// have a circuit breaker; returns false when there are none.
    /// </summary>
    public bool AddTrip(NpgsqlBatch batch, string sql, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failing = _tallies.Where(t => t.Value.Failures > 0 && t.Value.Policy is not null).ToList();
        if (failing.Count == 0)
        {
            return false;
        }

        var command = new NpgsqlBatchCommand(sql);
        var p = command.Parameters;
        p.AddWithValue("now", now);
        p.AddWithValue("tDestination", failing.Select(t => t.Key).ToArray());
        p.AddWithValue("tThreshold", failing.Select(t => t.Value.Policy!.FailureThreshold).ToArray());
        p.AddWithValue("tRatio", NpgsqlDbType.Array | NpgsqlDbType.Double, failing.Select(t => t.Value.Policy!.FailureRatio).ToArray());
        p.AddWithValue("tMinimum", failing.Select(t => t.Value.Policy!.MinimumAttempts).ToArray());
        p.AddWithValue("tProbe", failing.Select(t => t.Value.Policy!.ProbeDelay.TotalSeconds).ToArray());
        p.AddWithValue("tLast", failing.Select(t => t.Value.LastFailure ?? "failed").ToArray());
        batch.BatchCommands.Add(command);
        return true;
    }

    private static string DescribeFailure(AttemptRecord attempt) =>
        attempt.StatusCode is { } status ? $"HTTP {status}" : attempt.Error?.Message ?? "failed";

    private sealed class Tally(CircuitPolicy? policy)
    {
        public CircuitPolicy? Policy { get; } = policy;

        public int Attempts { get; set; }

        public int Failures { get; set; }

        /// <summary>Failures since the batch's last success; -1 while it had none.</summary>
        public int Tail { get; set; } = -1;

        public string? LastFailure { get; set; }

        public int LastIndex { get; set; }
    }
}
