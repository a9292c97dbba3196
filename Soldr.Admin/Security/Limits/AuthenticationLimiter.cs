using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Soldr.Admin.Security.Limits;

/// <summary>
/// Compares presented secrets, sign-ins and API calls alike, and counts the wrong ones per client: a
/// client that presented <see cref="FailedAuthenticationOptions.MaxFailures"/> wrong secrets within a
/// window is refused until that window ends, before its secret is even compared. A request that
/// presents no secret at all guesses nothing, so it is refused (401) but not counted.
/// </summary>
public sealed class AuthenticationLimiter(
    SharedSecret secret, IOptions<FailedAuthenticationOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Tally> _clients = new(StringComparer.Ordinal);

    /// <summary>
    /// Checks <paramref name="presented"/> (null when the request presented none) for <paramref name="client"/>.
    /// </summary>
    /// <param name="retryAfter">When refused, how long until the client may try again.</param>
    public AuthenticationVerdict Verify(string client, string? presented, out TimeSpan retryAfter)
    {
        var settings = options.Value;
        while (true)
        {
            var tally = _clients.GetOrAdd(client, static _ => new Tally());

            // Limit, comparison and count happen under the client's lock, so many requests sent at once
            // cannot all slip in under the limit before the first of them is counted.
            lock (tally)
            {
                if (tally.Retired)
                {
                    continue;
                }

                var now = timeProvider.GetUtcNow();
                if (tally.IsLimited(now, settings, out retryAfter))
                {
                    tally.Refused++;
                    return AuthenticationVerdict.Refused;
                }

                retryAfter = TimeSpan.Zero;
                if (presented is not null && secret.Matches(presented))
                {
                    return AuthenticationVerdict.Accepted;
                }

                if (presented is not null)
                {
                    tally.Count(now, settings);
                }

                return AuthenticationVerdict.Failed;
            }
        }
    }

    /// <summary>
    /// The failures and refusals counted since the last call, per client, and forgets the clients whose
    /// window is over and that have nothing left to report.
    /// </summary>
    public IReadOnlyList<FailedAuthenticationCount> TakeCounts()
    {
        var now = timeProvider.GetUtcNow();
        var counts = new List<FailedAuthenticationCount>();
        foreach (var (client, tally) in _clients)
        {
            lock (tally)
            {
                if (tally.Failures > 0 || tally.Refused > 0)
                {
                    counts.Add(new FailedAuthenticationCount(client, tally.Failures, tally.Refused));
                    tally.Failures = 0;
                    tally.Refused = 0;
                }
                else if (now >= tally.WindowStart + options.Value.Window)
                {
                    // Retired under the lock: a request holding this tally takes a fresh one instead.
                    tally.Retired = true;
                    _clients.TryRemove(client, out _);
                }
            }
        }

        return counts;
    }

    private sealed class Tally
    {
        public DateTimeOffset WindowStart { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>Failures in the current window, for the limit.</summary>
        public int InWindow { get; private set; }

        /// <summary>Failures since the last report.</summary>
        public int Failures { get; set; }

        /// <summary>Refusals since the last report.</summary>
        public int Refused { get; set; }

        public bool Retired { get; set; }

        public bool IsLimited(DateTimeOffset now, FailedAuthenticationOptions settings, out TimeSpan retryAfter)
        {
            var windowEnd = WindowStart + settings.Window;
            retryAfter = windowEnd - now;
            return InWindow >= settings.MaxFailures && now < windowEnd;
        }

        /// <summary>The window starts at the first failure after the previous one ended.</summary>
        public void Count(DateTimeOffset now, FailedAuthenticationOptions settings)
        {
            if (now >= WindowStart + settings.Window)
            {
                WindowStart = now;
                InWindow = 0;
            }

            InWindow++;
            Failures++;
        }
    }
}
