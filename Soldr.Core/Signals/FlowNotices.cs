using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Soldr.Core.Signals;

/// <summary>
/// Tells every worker at once about a change in how a destination may be sent to: a Retry-After pause, or
/// its circuit opening or closing. Each worker keeps what it hears for a short while only; PostgreSQL is
/// what decides, so a lost notice costs a few extra (or later) sends, never a lost delivery: one that cannot
/// be sent is logged, not thrown. A pause is also
/// kept in Redis until it ends, for workers that start (or reconnect) meanwhile: see <see cref="PausesAsync"/>.
/// </summary>
public sealed class FlowNotices(IConnectionMultiplexer redis, RedisScope scope, ILogger<FlowNotices> logger)
{
    private readonly string _pausePrefix = $"soldr:{scope.Name}:pause:";

    /// <summary>The channel the notices go on, one per <see cref="RedisScope"/>.</summary>
    public RedisChannel Channel { get; } = RedisChannel.Literal($"soldr:{scope.Name}:flow");

    // Keeps the later of two pauses.
    private static readonly LuaScript KeepLater = LuaScript.Prepare("""
        local current = tonumber(redis.call('GET', @key) or '0')
        if tonumber(@until) > current then redis.call('SET', @key, @until, 'PX', @ttl) end
        """);

    public Task PausedAsync(long destinationId, DateTimeOffset until) => TellAsync(destinationId, async () =>
    {
        var id = destinationId.ToString(CultureInfo.InvariantCulture);
        var ms = until.ToUnixTimeMilliseconds();
        var ttl = Math.Max(1, ms - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await redis.GetDatabase().ScriptEvaluateAsync(KeepLater, new { key = (RedisKey)(_pausePrefix + id), until = ms, ttl })
            .WaitAsync(TimeSpan.FromSeconds(1));
        await PublishAsync($"pause:{id}:{ms.ToString(CultureInfo.InvariantCulture)}");
    });

    /// <summary>The pauses still running, by destination: what a worker that was not listening when they began reads.</summary>
    public async Task<IReadOnlyList<(long DestinationId, DateTimeOffset Until)>> PausesAsync()
    {
        var pauses = new List<(long, DateTimeOffset)>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: _pausePrefix + "*"))
            {
                if (long.TryParse(((string)key!)[_pausePrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var destination)
                    && (long?)await redis.GetDatabase().StringGetAsync(key) is { } ms)
                {
                    pauses.Add((destination, DateTimeOffset.FromUnixTimeMilliseconds(ms)));
                }
            }
        }

        return pauses;
    }

    public Task CircuitOpenedAsync(long destinationId) =>
        TellAsync(destinationId, () => PublishAsync($"open:{destinationId.ToString(CultureInfo.InvariantCulture)}"));

    public Task CircuitClosedAsync(long destinationId) =>
        TellAsync(destinationId, () => PublishAsync($"close:{destinationId.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Reads a notice: its kind (<c>pause</c>, <c>open</c>, <c>close</c>), destination, and a pause's end. False if malformed.</summary>
    public static bool TryRead(string? message, out string kind, out long destinationId, out DateTimeOffset until)
    {
        kind = string.Empty;
        destinationId = 0;
        until = default;
        var parts = message?.Split(':') ?? [];
        if (parts.Length is < 2 or > 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out destinationId))
        {
            return false;
        }

        kind = parts[0];
        if (parts.Length == 3)
        {
            if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                return false;
            }

            until = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return kind is "pause" or "open" or "close" && (kind == "pause") == (parts.Length == 3);
    }

    private async Task TellAsync(long destinationId, Func<Task> tell)
    {
        try
        {
            await tell();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.FlowNoticeFailed(logger, destinationId, ex.Message);
        }
    }

    private async Task PublishAsync(string message) =>
        await redis.GetSubscriber().PublishAsync(Channel, message).WaitAsync(TimeSpan.FromSeconds(1));
}
