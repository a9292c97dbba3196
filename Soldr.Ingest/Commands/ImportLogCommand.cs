using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Soldr.Core.Requests;
using Soldr.Ingest.LastResort;
using Soldr.Ingest.Saving;

namespace Soldr.Ingest.Commands;

/// <summary>
/// <c>import-log &lt;file&gt;</c>: puts requests that were answered 503 and written to stdout back into
/// PostgreSQL. Running it again imports nothing: the request id is the key.
/// </summary>
internal static class ImportLogCommand
{
    public const string Name = "import-log";
    private const string Usage = "usage: Soldr.Ingest import-log <log-file> [--ConnectionStrings:soldr=<connection string>] (or ConnectionStrings__soldr in the environment)";
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var file = args[0];
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        }
        catch (FormatException)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var connectionString = configuration.GetConnectionString("soldr");
        var problem = Directory.Exists(file) ? $"'{file}' is a folder, not a log file."
            : !File.Exists(file) ? $"'{file}' does not exist."
            : string.IsNullOrWhiteSpace(connectionString) ? "no PostgreSQL connection string (ConnectionStrings:soldr) was given."
            : null;
        if (problem is not null)
        {
            await error.WriteLineAsync($"import-log: {problem} {Usage}");
            return 2;
        }

        var (requests, unreadable) = await ReadAsync(file);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString!);
            var store = new RequestStore(dataSource);

            // Even with nothing to import, an unreachable database is an error: the operator pointed at the wrong one.
            await store.PingAsync(CancellationToken.None);
            var imported = 0;
            foreach (var chunk in requests.Chunk(BatchSize))
            {
                imported += (await store.SaveBatchAsync(chunk, CancellationToken.None)).Saved;
            }

            await output.WriteLineAsync(
                $"import-log: found {requests.Count}, imported {imported}, already present {requests.Count - imported}" +
                (unreadable > 0 ? $", unreadable {unreadable}" : string.Empty));
            return 0;
        }
        catch (Exception ex) when (DatabaseFailure.IsUnavailable(ex) || ex is ArgumentException)
        {
            // The message names host and port at most; Npgsql never puts the password in it.
            await error.WriteLineAsync($"import-log: cannot write to PostgreSQL: {ex.Message}");
            return 1;
        }
    }

    private static async Task<(List<IncomingRequest> Requests, int Unreadable)> ReadAsync(string file)
    {
        var requests = new List<IncomingRequest>();
        var unreadable = 0;
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync() is { } line)
        {
            try
            {
                if (UnsavedRequestJson.TryParse(line, out var request))
                {
                    requests.Add(request!);
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
            {
                // A line cut short by a crash mid-write: counted, so the operator knows to look.
                unreadable++;
            }
        }

        return (requests, unreadable);
    }
}
