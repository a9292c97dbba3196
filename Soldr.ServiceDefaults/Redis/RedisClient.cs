namespace Soldr.ServiceDefaults.Redis;

/// <summary>
/// The shared Redis client of a service: one lazily opened connection for commands, reopened after a
/// failure, and a dedicated connection per subscription. Redis only speeds things up in Soldr, so
/// callers treat its failures as "fall back locally", never as lost data.
/// </summary>
public sealed class RedisClient(RedisEndpoint endpoint) : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // A stalled server must not stall its callers: every command gets an upper bound.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private RedisConnection? _connection;

    public RedisEndpoint Endpoint { get; } = endpoint;

    /// <summary>Sends a command; a server error becomes a <see cref="RedisException"/>.</summary>
    public async Task<RespValue> ExecuteAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            var connection = await GetConnectionAsync(timeout.Token);
            var reply = await connection.ExecuteAsync(args, timeout.Token);
            return reply.IsError ? throw new RedisException($"{args[0]} failed: {reply.Text}") : reply;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RedisException($"{args[0]} got no answer from Redis at {Endpoint} within {CommandTimeout.TotalSeconds:0} s");
        }
    }

    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var reply = await ExecuteAsync(["PING"], cancellationToken);
        if (reply.AsString() != "PONG")
        {
            throw new RedisException($"PING answered '{reply.AsString()}' instead of PONG");
        }

        return TimeProvider.System.GetElapsedTime(started);
    }

    /// <summary>Publishes a message; returns how many subscribers received it.</summary>
    public async Task<long> PublishAsync(string channel, string message, CancellationToken cancellationToken) =>
        (await ExecuteAsync(["PUBLISH", channel, message], cancellationToken)).Number;

    /// <summary>
    /// Subscribes to a channel on a connection of its own and calls <paramref name="onMessage"/> for each
    /// message until cancelled or the connection fails (the caller decides whether to subscribe again).
    /// </summary>
    public async Task SubscribeAsync(string channel, Action<string> onMessage, Action? onSubscribed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        await using var connection = await OpenAsync(cancellationToken);
        var confirmation = await connection.ExecuteAsync(["SUBSCRIBE", channel], cancellationToken);
        if (confirmation.IsError)
        {
            throw new RedisException($"SUBSCRIBE failed: {confirmation.Text}");
        }

        onSubscribed?.Invoke();
        while (!cancellationToken.IsCancellationRequested)
        {
            var push = await connection.ReadPushAsync(cancellationToken);
            if (push.Items is [{ } kind, _, { } payload] && kind.AsString() == "message")
            {
                onMessage(payload.AsString() ?? string.Empty);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

    }

    private async Task<RedisConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        var current = _connection;
        if (current is { IsBroken: false })
        {
            return current;
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsBroken: false } existing)
            {
                return existing;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = await OpenAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<RedisConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            return await RedisConnection.ConnectAsync(Endpoint, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RedisException($"could not connect to Redis at {Endpoint} within {ConnectTimeout.TotalSeconds:0} s");
        }
    }
}
