namespace Soldr.Bench;

/// <summary>One scalar query or command, for the script's checks (server version, rows left, the purge's progress) and a VACUUM.</summary>
internal static class Sql
{
    public static async Task RunAsync(string query, CancellationToken cancellationToken)
    {
        await using var dataSource = Database.Open();
        await using var command = dataSource.CreateCommand(query);

        // A VACUUM of a large table may take minutes; the script's steps bound themselves.
        command.CommandTimeout = 0;
        Console.WriteLine(await command.ExecuteScalarAsync(cancellationToken));
    }
}
