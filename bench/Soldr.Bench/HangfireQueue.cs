using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace Soldr.Bench;

/// <summary>
/// Hangfire as the delivery queue, to measure what Soldr would get by making each delivery a Hangfire job:
/// a backlog of jobs, each carrying a delivery's body and sending it as the HttpClient loop does, is
/// enqueued (untimed) in Hangfire.PostgreSql storage on the stack's PostgreSQL, in a schema of its own
/// (the stack's workers never see it), then drained by a Hangfire server with as many workers as the
/// loop has concurrent sends. Timed from the server's start until every job is recorded as succeeded.
/// </summary>
internal static class HangfireQueue
{
    private const string Schema = "bench_hangfire";
    private static readonly HttpClient Http = Clients.Create();
    private static Uri? _url;

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var count = args.Int("count");
        if (count < 1)
        {
            throw new ArgumentException("--count must be at least 1");
        }

        var concurrency = args.Int("concurrency", 16);
        _url = new Uri(args.Text("url"));
        await using var dataSource = Database.OpenLikeServices();
        await Database.ExecuteAsync(dataSource, $"DROP SCHEMA IF EXISTS {Schema} CASCADE", cancellationToken);
        var storage = new PostgreSqlStorage(
            new DataSourceConnections(dataSource),
            new PostgreSqlStorageOptions { SchemaName = Schema, QueuePollInterval = TimeSpan.FromSeconds(1), UseSlidingInvisibilityTimeout = true });
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();

        var client = new BackgroundJobClient(storage);
        var body = Convert.ToBase64String(Payload.Read(args));
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, (_, _) =>
        {
            client.Enqueue(() => SendAsync(body, CancellationToken.None));
            return ValueTask.CompletedTask;
        });

        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = concurrency, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, storage))
        {
            var monitoring = storage.GetMonitoringApi();
            while (monitoring.SucceededListCount() < count)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        await Database.ExecuteAsync(dataSource, $"DROP SCHEMA {Schema} CASCADE", CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HANGFIRE_DELIVERED={count}\nHANGFIRE_SECONDS={seconds:0.00}\nHANGFIRE_RATE={count / seconds:0}\nHANGFIRE_CPU_SECONDS={cpuSeconds:0.00}"));
    }

    /// <summary>One delivery, as a job: the body it carries, sent as the loop sends it; a non-2xx answer fails the job.</summary>
    public static async Task SendAsync(string body, CancellationToken cancellationToken)
    {
        using var request = Clients.Post(_url!, Convert.FromBase64String(body));
        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private sealed class DataSourceConnections(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}
