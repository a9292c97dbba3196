using System.Diagnostics;
using System.Globalization;

namespace Soldr.Bench;

/// <summary>
/// The delivery baseline: the same webhook sent to the same receiver by a plain HttpClient loop with the
/// worker's per-destination concurrency, and nothing else (no database, no routing, no attempt records).
/// </summary>
internal static class HttpLoop
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var url = new Uri(args.Text("url"));
        var count = args.Int("count");
        var concurrency = args.Int("concurrency", 16);
        var body = Payload.Read(args);
        using var http = Clients.Create();
        long next = -1, errors = 0;

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                using var request = Clients.Post(url, body);
                using var response = await http.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LOOP_SENT={count}\nLOOP_ERRORS={errors}\nLOOP_SECONDS={seconds:0.00}\nLOOP_RATE={count / seconds:0}"));
    }
}
