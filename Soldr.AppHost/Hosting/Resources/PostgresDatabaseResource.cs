using Npgsql;
using Soldr.AppHost.Orchestration;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>A database on the PostgreSQL server, created on first run when the AppHost owns the server.</summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    internal PostgresDatabaseResource(string name, PostgresServerResource server)
        : base(name)
    {
        Server = server;
        WaitsFor.Add(server);
    }

    public PostgresServerResource Server { get; }

    public string ConnectionString => Server.ConnectionString(Name);

    public override string? DisplayUrl => $"{Server.DisplayUrl}/{Name}";

    internal override async Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        if (Server.Route == PostgresServerResource.Provisioning.Existing)
        {
            // The given server must already hold the database; the services create the schema.
            return;
        }

        var maintenance = new NpgsqlConnectionStringBuilder(Server.ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Identifiers cannot be parameters; the name was checked when the resource was declared.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            context.Console.Info($"Created database '{Name}'");
        }
    }
}
