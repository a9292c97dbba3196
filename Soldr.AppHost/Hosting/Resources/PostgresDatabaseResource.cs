using Npgsql;
using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// A database on the PostgreSQL server. When the AppHost owns the server, the database and a login
/// role of the same name that owns it are created on first run, so the services connect with a
/// password of their own and without superuser rights.
/// </summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    private string? _password;

    internal PostgresDatabaseResource(string name, PostgresServerResource server)
        : base(name)
    {
        Server = server;
        WaitsFor.Add(server);
    }

    public PostgresServerResource Server { get; }

    /// <summary>
    /// For an existing server, exactly the connection string that was given (its database may have any
    /// name); for one the AppHost runs, this database as its owning role.
    /// </summary>
    public string ConnectionString => _password is null
        ? Server.Existing!.ConnectionString
        : new NpgsqlConnectionStringBuilder(Server.ConnectionStringFor(Name)) { Username = Name, Password = _password }.ConnectionString;

    public override string? DisplayUrl => $"{Server.DisplayUrl}/{(_password is null ? Server.Existing!.Database : Name)}";

    internal override Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        if (Server.Route != PostgresServerResource.Provisioning.Existing)
        {
            var file = $"{Name}-db-password";
            _password = context.DataFolder.GetOrCreateSecret(file);
            if (!Secrets.IsUrlSafe(_password))
            {
                throw new OrchestrationException(
                    $"The password in {context.DataFolder.Combine(file)} may hold only letters, digits, '-' and '_'.");
            }

            Note = $"owned by role '{Name}'";
        }

        return Task.CompletedTask;
    }

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        if (_password is null)
        {
            // The given server must already hold the database; the services create the schema.
            return;
        }

        await using var connection = new NpgsqlConnection(Server.MaintenanceConnectionString);
        await connection.OpenAsync(cancellationToken);

        // Identifiers and the password cannot be parameters here. The name was checked when the resource
        // was declared ([a-z][a-z0-9-]*) and the password when it was read (URL-safe base64), so quoting is
        // enough. The server would log a failing statement, password included; not on this connection.
        await ExecuteAsync(connection, "SET log_min_error_statement = panic", cancellationToken);
        await ExecuteAsync(connection, "SET log_statement = none", cancellationToken);
        var role = $"\"{Name}\"";
        var roleExists = await ScalarAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = @name", cancellationToken) is not null;
        await ExecuteAsync(connection, $"{(roleExists ? "ALTER" : "CREATE")} ROLE {role} LOGIN PASSWORD '{_password}'", cancellationToken);

        if (await ScalarAsync(connection, "SELECT 1 FROM pg_database WHERE datname = @name", cancellationToken) is null)
        {
            await ExecuteAsync(connection, $"CREATE DATABASE {role} OWNER {role}", cancellationToken);
            context.Console.Info($"Created database '{Name}' owned by role '{Name}'");
        }
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", Name);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
