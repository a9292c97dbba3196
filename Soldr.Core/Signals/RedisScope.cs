using Npgsql;

namespace Soldr.Core.Signals;

/// <summary>
/// What tells one Soldr's keys and channels in Redis from another's sharing the server: the database it
/// keeps its queue in. Destination ids are that database's, so a key by id alone would mix them.
/// </summary>
public sealed class RedisScope(NpgsqlDataSource dataSource)
{
    public string Name { get; } = Of(dataSource);

    private static string Of(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
