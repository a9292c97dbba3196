using Npgsql;

namespace Soldr.Core.Database;

/// <summary>
/// The UTC days that requests, deliveries, attempts and revisions are partitioned by (migration 0012):
/// creates the days to come, lists the days there are, and drops a whole expired day.
/// </summary>
public sealed class DayPartitions(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Days created ahead of today. The purge runs every few minutes and every service creates them as
    /// it starts, so only a stack stopped for longer would send a day's requests to the default
    /// partition, where they are kept and purged row by row.
    /// </summary>
    public const int DaysAhead = 3;

    /// <summary>
    /// How long dropping a day may wait for its lock. The lock keeps every statement on the four tables
    /// waiting behind it, so it is given up quickly and tried again on the next run.
    /// </summary>
    public static readonly TimeSpan DropLockTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Creates the next <see cref="DaysAhead"/> days' partitions where missing; returns how many days it
    /// created. Never today's: attaching a day while ingest writes that day's requests into the default
    /// partition would fail those writes. The migration that made the days created today's; a day that
    /// arrives while the stack has been stopped for longer than <see cref="DaysAhead"/> days stays in the
    /// default partition.
    /// </summary>
    public async Task<int> EnsureAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var command = dataSource.CreateCommand("SELECT ensure_day_partitions(@first, @last)");
        command.Parameters.AddWithValue("first", today.AddDays(1));
        command.Parameters.AddWithValue("last", today.AddDays(DaysAhead));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The days that have partitions, oldest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT day_partitions()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<DateOnly>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return days;
    }

    /// <summary>
    /// Drops <paramref name="day"/> with everything in it and returns how many requests went; or
    /// returns null and keeps it when one of its requests is not yet routed or has a delivery pending,
    /// or when its lock was not free within <see cref="DropLockTimeout"/>. The day is taken out of the
    /// tables under their lock, and its files removed after that lock is gone (see the migration).
    /// </summary>
    public async Task<long?> DropAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var detached = await WithLockTimeoutAsync("SELECT detach_day_partitions(@day)", day, cancellationToken) as long?;
        if (detached is not null)
        {
            await DropDetachedAsync(cancellationToken);
        }

        return detached;
    }

    /// <summary>
    /// Drops the days taken out of the tables and not yet dropped, also by a run that stopped in between;
    /// returns how many. A day whose references could not be removed within <see cref="DropLockTimeout"/>
    /// waits for the next run.
    /// </summary>
    public async Task<int> DropDetachedAsync(CancellationToken cancellationToken)
    {
        await WithLockTimeoutAsync("SELECT release_detached_days()", null, cancellationToken);
        await using var drop = dataSource.CreateCommand("SELECT drop_detached_days()");
        return (int)(await drop.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Runs <paramref name="sql"/> in a transaction of its own that waits for no lock longer than <see cref="DropLockTimeout"/>; returns its result, or null if it waited too long.</summary>
    private async Task<object?> WithLockTimeoutAsync(string sql, DateOnly? day, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var timeout = new NpgsqlCommand("SELECT set_config('lock_timeout', @timeout, true)", connection, transaction))
        {
            timeout.Parameters.AddWithValue("timeout", $"{DropLockTimeout.TotalMilliseconds:0}ms");
            await timeout.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            if (day is { } d)
            {
                command.Parameters.AddWithValue("day", d);
            }

            var result = await command.ExecuteScalarAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
    }
}
