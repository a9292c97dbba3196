namespace Soldr.Bench;

/// <summary>One scalar query, for the script's checks (server version, rows left, the purge's progress).</summary>
internal static class Sql
{
    public static async Task RunAsync(string query, CancellationToken cancellationToken)
    {
        await using var dataSource = Database.Open();
        await using var command = dataSource.CreateCommand(query);
        Console.WriteLine(await command.ExecuteScalarAsync(cancellationToken));
    }
}
