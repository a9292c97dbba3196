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
    /// or when its lock was not free within <see cref="DropLockTimeout"/>.
    /// </summary>
    public async Task<long?> DropAsync(DateOnly day, CancellationToken cancellationToken)
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
            await using var drop = new NpgsqlCommand("SELECT drop_day_partitions(@day)", connection, transaction);
            drop.Parameters.AddWithValue("day", day);
            var dropped = await drop.ExecuteScalarAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return dropped is long requests ? requests : null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
    }
}
