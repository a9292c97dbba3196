using System.Diagnostics;
using System.Globalization;

namespace Soldr.Bench;

/// <summary>
/// Where PostgreSQL's time goes during a scenario, without extensions: samples <c>pg_stat_activity</c>
/// every 200 ms and counts active statements by kind and wait event (a statement on CPU has none), and
/// reports commits per second from <c>pg_stat_database</c>. Printed as one line for the table's notes.
/// </summary>
internal static class WaitSampler
{
    private const string SampleSql = """
        SELECT CASE
                 WHEN query LIKE 'WITH incoming AS%' THEN 'ingest insert'
                 WHEN query LIKE 'WITH claimed AS%' THEN 'route'
                 WHEN query LIKE 'WITH due AS%' OR query LIKE 'WITH candidate AS%' THEN 'claim'
                 WHEN query LIKE 'WITH batch AS%' THEN 'record attempts'
                 WHEN query LIKE '%INTO alerts%' OR query LIKE 'UPDATE alerts%' THEN 'alerts'
                 WHEN query LIKE 'WITH deleted AS%' THEN 'purge'
                 WHEN query LIKE 'INSERT INTO bench_floor %' THEN 'floor insert'
                 ELSE 'other' END
               || ' ' || coalesce(wait_event, 'CPU')
        FROM pg_stat_activity
        WHERE state = 'active' AND datname = current_database() AND pid <> pg_backend_pid()
          AND backend_type = 'client backend'
        """;

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(args.Double("seconds"));
        await using var dataSource = Database.Open();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var samples = 0;
        var commitsBefore = await CommitsAsync(dataSource, cancellationToken);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            await using (var command = dataSource.CreateCommand(SampleSql))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetString(0);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }

            samples++;
            await Task.Delay(200, CancellationToken.None);
        }

        var commits = (await CommitsAsync(dataSource, cancellationToken) - commitsBefore) / clock.Elapsed.TotalSeconds;
        // Average number of statements in each state at any moment: 1.0 means one backend always busy so.
        var busiest = counts.OrderByDescending(c => c.Value).Take(5)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value / (double)Math.Max(samples, 1):0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{commits:0} commits/s; active statements on average: {string.Join(", ", busiest)}"));
    }

    private static async Task<long> CommitsAsync(Npgsql.NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
