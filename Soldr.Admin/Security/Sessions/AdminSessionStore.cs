using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Soldr.Admin.Security.Sessions;

/// <summary>
/// The management UI's sessions in PostgreSQL (<c>admin_sessions</c>), shared by every admin replica. A
/// session is alive while its sliding and absolute expiries are ahead and it was opened with the secret
/// configured now: every read checks all three, so nothing a browser holds can outlive them.
/// </summary>
public sealed class AdminSessionStore(
    NpgsqlDataSource dataSource,
    SharedSecret secret,
    IOptions<UiSessionOptions> options,
    TimeProvider timeProvider,
    ILogger<AdminSessionStore> logger)
{
    /// <summary>Opens a session for <paramref name="ticket"/>; returns its key, which only the caller holds.</summary>
    public async Task<string> OpenAsync(byte[] ticket, string? signedInFrom, CancellationToken cancellationToken)
    {
        var key = SessionKeys.New();
        var id = SessionKeys.Id(key);
        var now = timeProvider.GetUtcNow();
        var endsAt = now + options.Value.AbsoluteLifetime;
        var expiresAt = Min(now + options.Value.SlidingLifetime, endsAt);

        // Sessions that are over go when a new one opens: there are few, and no job has to sweep them.
        await using var command = dataSource.CreateCommand("""
            WITH ended AS (DELETE FROM admin_sessions WHERE LEAST(expires_at, ends_at) <= @now)
            INSERT INTO admin_sessions (id, secret_proof, ticket, signed_in_at, signed_in_from, expires_at, ends_at)
            VALUES (@id, @proof, @ticket, @now, @from, @expires, @ends)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("proof", secret.Proof(id));
        command.Parameters.AddWithValue("ticket", ticket);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("from", NpgsqlDbType.Text, (object?)signedInFrom ?? DBNull.Value);
        command.Parameters.AddWithValue("expires", expiresAt);
        command.Parameters.AddWithValue("ends", endsAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
        Log.SessionOpened(logger, SessionKeys.ShortId(id), signedInFrom);
        return key;
    }

    /// <summary>
    /// The session of <paramref name="key"/> if it is alive; null if it ended, expired or was opened with
    /// another secret.
    /// </summary>
    public async Task<AdminSession?> FindLiveAsync(string key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var id = SessionKeys.Id(key);
        await using var command = dataSource.CreateCommand("""
            SELECT ticket, signed_in_at, signed_in_from, expires_at, ends_at
            FROM admin_sessions
            WHERE id = @id AND secret_proof = @proof AND expires_at > @now AND ends_at > @now
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("proof", secret.Proof(id));
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new AdminSession(
            SessionKeys.ShortId(id),
            reader.GetFieldValue<byte[]>(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>
    /// Moves a live session's sliding expiry to <paramref name="expiresAt"/> (never past its absolute end)
    /// and stores its renewed ticket. A session that is no longer alive stays ended.
    /// </summary>
    public async Task RenewAsync(string key, byte[] ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var id = SessionKeys.Id(key);
        await using var command = dataSource.CreateCommand("""
            UPDATE admin_sessions SET ticket = @ticket, expires_at = LEAST(@expires, ends_at)
            WHERE id = @id AND secret_proof = @proof AND expires_at > @now AND ends_at > @now
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("proof", secret.Proof(id));
        command.Parameters.AddWithValue("ticket", ticket);
        command.Parameters.AddWithValue("expires", expiresAt);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends the session of <paramref name="key"/> on every replica.</summary>
    public async Task EndAsync(string key, CancellationToken cancellationToken)
    {
        var id = SessionKeys.Id(key);
        await using var command = dataSource.CreateCommand("DELETE FROM admin_sessions WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            Log.SessionEnded(logger, SessionKeys.ShortId(id));
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
