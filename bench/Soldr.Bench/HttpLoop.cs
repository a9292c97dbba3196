using System.Diagnostics;
using System.Globalization;

namespace Soldr.Bench;

/// <summary>
/// The delivery baseline: the same webhook sent to the same receiver by a plain HttpClient loop with the
/// worker's per-destination concurrency, and nothing else (no database, no routing, no attempt records).
/// The first <c>--warmup</c> sends are not timed, as the worker's warm-up drain is not: both are measured
/// once their code is compiled and their connections are open.
/// </summary>
internal static class HttpLoop
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var (url, count, concurrency, warmup, body) = SendArguments.Parse(args);
        using var http = Clients.Create();

        // Returns how many of the sends were not answered with a success.
        async Task<long> SendAsync(int sends)
        {
            long next = -1, errors = 0;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < sends)
                {
                    using var request = Clients.Post(url, body);
                    using var response = await http.SendAsync(request, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }));
            return errors;
        }

        await SendAsync(warmup);
        var clock = Stopwatch.StartNew();
        var errors = await SendAsync(count);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LOOP_SENT={count}\nLOOP_ERRORS={errors}\nLOOP_SECONDS={seconds:0.00}\nLOOP_RATE={count / seconds:0}"));
    }
}
