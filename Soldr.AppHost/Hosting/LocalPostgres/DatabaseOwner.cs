using Npgsql;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>Creates a database and the login role that owns it, or sets the role's password if it exists.</summary>
public static class DatabaseOwner
{
    /// <returns>Whether the database was created now.</returns>
    public static async Task<bool> EnsureAsync(string serverConnectionString, string name, string password, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false, Timeout = 10 };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        // Identifiers and the password cannot be parameters here. The name is a resource name
        // ([a-z][a-z0-9-]*) and the password URL-safe base64 (checked when read), so quoting is enough.
        // The server would log a failing statement, password included; not on this connection.
        await ExecuteAsync(connection, "SET log_min_error_statement = panic", cancellationToken);
        await ExecuteAsync(connection, "SET log_statement = none", cancellationToken);
        var role = $"\"{name}\"";
        var roleExists = await ScalarAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = @name", name, cancellationToken) is not null;
        await ExecuteAsync(connection, $"{(roleExists ? "ALTER" : "CREATE")} ROLE {role} LOGIN PASSWORD '{password}'", cancellationToken);

        if (await ScalarAsync(connection, "SELECT 1 FROM pg_database WHERE datname = @name", name, cancellationToken) is not null)
        {
            return false;
        }

        await ExecuteAsync(connection, $"CREATE DATABASE {role} OWNER {role}", cancellationToken);
        return true;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
