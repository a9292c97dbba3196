using Npgsql;

namespace Soldr.Tests.Ingest;

/// <summary>
/// A statement run in a transaction left open, so that what it locks or inserts makes ingest's writes
/// wait until the test releases it (by rolling it back).
/// </summary>
internal sealed class HeldTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private HeldTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<HeldTransaction> StartAsync(string connectionString, string sql)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new HeldTransaction(connection, transaction);
    }

    public Task ReleaseAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
