using Hangfire.PostgreSql;
using Npgsql;

namespace Soldr.Core.Jobs;

/// <summary>Hangfire's tables, in their own schema, created and upgraded by Hangfire.PostgreSql's scripts.</summary>
public static class HangfireSchema
{
    public const string Name = "hangfire";

    /// <summary>Applies the scripts not yet applied. The caller holds the migration lock.</summary>
    public static void Install(NpgsqlConnection connection) => PostgreSqlObjectsInstaller.Install(connection, Name);
}
