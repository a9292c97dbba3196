using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries, for machines where containers cannot run.
/// It listens on <see cref="Port"/> (loopback), which is fixed before it starts so that its settings
/// and connection strings are known up front.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, PostgresCluster cluster, int port, ParameterResource password)
    : ExecutableResource(name, command, "/"), IResourceWithConnectionString
{
    public PostgresCluster Cluster { get; } = cluster;

    public int Port { get; } = port;

    public ParameterResource Password { get; } = password;

    /// <summary>The maintenance database, as the superuser.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Address};Username={PostgresCluster.SuperUser};Password={Password};Database=postgres");

    private string Address => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A connection string with the password's value, for the AppHost's own checks; <paramref name="user"/> defaults to the superuser and the database to the user's.</summary>
    internal string ConnectionString(string password, string? user = null) =>
        $"{Address};Username={user ?? PostgresCluster.SuperUser};Password={password};Database={user ?? "postgres"}";
}
