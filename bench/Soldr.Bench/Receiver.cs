using System.Globalization;
using System.Text;

namespace Soldr.Bench;

/// <summary>
/// The fast local destination: answers 200 as soon as the body is read (or, with <c>--delay-ms</c>, that
/// long after: a slow destination), counts arrivals, and keeps the first and last arrival time. Requests
/// carrying <c>X-Bench-Sent</c> (UTC ticks at which the paced sender started the ingest request) also
/// yield an end-to-end latency; their body's <c>"seq"</c> tells first arrivals from redeliveries. <c>GET /_stats</c> prints the figures, <c>GET /_seqs</c> the sequence
/// numbers received (one a line), <c>POST /_reset</c> clears them.
/// </summary>
internal static class Receiver
{
    private static readonly Lock Gate = new();
    private static readonly List<long> LatencyTicks = [];
    private static readonly HashSet<long> SeenSequences = [];
    private static long _count;
    private static long _duplicates;
    private static long _firstTicks;
    private static long _lastTicks;
    private static TimeSpan _delay;

    public static async Task RunAsync(int port, TimeSpan delay, CancellationToken cancellationToken)
    {
        _delay = delay;
        await using var app = Hosting.Create(port);
        // One terminal delegate and no routing: the cheapest pipeline Kestrel offers.
        app.Run(context => context.Request.Path.Value switch
        {
            "/_stats" => context.Response.WriteAsync(Stats(), context.RequestAborted),
            "/_seqs" => context.Response.WriteAsync(Sequences(), context.RequestAborted),
            "/_reset" => Reset(context),
            _ => ReceiveAsync(context),
        });
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"receiver listening on {port}");
        await CeilingServer.WaitAsync(cancellationToken);
        await app.StopAsync(CancellationToken.None);
    }

    private static async Task ReceiveAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAllAsync(context.Request.BodyReader, context.RequestAborted);
        var now = DateTime.UtcNow.Ticks;
        Interlocked.Increment(ref _count);
        Interlocked.CompareExchange(ref _firstTicks, now, 0);
        InterlockedMax(ref _lastTicks, now);

        if (context.Request.Headers.TryGetValue("X-Bench-Sent", out var sent)
            && long.TryParse(sent.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sentTicks))
        {
            var seq = SequenceOf(body);
            lock (Gate)
            {
                if (SeenSequences.Add(seq))
                {
                    LatencyTicks.Add(now - sentTicks);
                }
                else
                {
                    _duplicates++;
                }
            }
        }

        // Counted when it arrives, answered after the delay, as a destination that takes its time would.
        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static long SequenceOf(byte[] body)
    {
        var marker = "\"seq\":"u8;
        var at = body.AsSpan().LastIndexOf(marker);
        if (at < 0)
        {
            return -1;
        }

        var digits = body.AsSpan(at + marker.Length);
        var end = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return long.Parse(end < 0 ? digits : digits[..end], CultureInfo.InvariantCulture);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static string Stats()
    {
        long[] latencies;
        long duplicates;
        lock (Gate)
        {
            latencies = [.. LatencyTicks];
            duplicates = _duplicates;
        }

        Array.Sort(latencies);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"RECV_COUNT={Interlocked.Read(ref _count)}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_FIRST_TICKS={Interlocked.Read(ref _firstTicks)}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_LAST_TICKS={Interlocked.Read(ref _lastTicks)}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_E2E_N={latencies.Length}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_E2E_DUPLICATES={duplicates}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_E2E_P50_MS={Percentiles.Ms(latencies, 0.50)}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_E2E_P99_MS={Percentiles.Ms(latencies, 0.99)}\n");
        text.Append(CultureInfo.InvariantCulture, $"RECV_E2E_MAX_MS={Percentiles.Ms(latencies, 1.0)}\n");
        return text.ToString();
    }

    private static string Sequences()
    {
        lock (Gate)
        {
            return string.Join('\n', SeenSequences.Order()) + "\n";
        }
    }

    private static Task Reset(HttpContext context)
    {
        lock (Gate)
        {
            LatencyTicks.Clear();
            SeenSequences.Clear();
            _duplicates = 0;
        }

        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _firstTicks, 0);
        Interlocked.Exchange(ref _lastTicks, 0);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
