using Npgsql;
using Soldr.ServiceDefaults.Clients;

namespace Soldr.Bench;

internal static class Database
{
    public static NpgsqlDataSource Open() => NpgsqlDataSource.Create(ConnectionString());

    /// <summary>Statements run as Soldr's services run them: prepared, without JIT compilation.</summary>
    public static NpgsqlDataSource OpenLikeServices() => new NpgsqlDataSourceBuilder(ConnectionString()).WithStatementDefaults().Build();

    // From the environment, as the services get it, so the password never shows in a process list.
    private static string ConnectionString() =>
        Environment.GetEnvironmentVariable("ConnectionStrings__soldr") is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException("ConnectionStrings__soldr is not set");

    /// <summary>Runs statements that return nothing, such as a yardstick's own tables made and dropped.</summary>
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
