using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Soldr.Bench;

/// <summary>
/// Scenario 4's load: an open-loop sender at a steady rate (it does not wait for one answer before the
/// next send, so a slow ingest cannot lower the rate and hide its own latency). Each request carries its
/// sequence number in the body and its send time in <c>X-Bench-Sent</c>; the receiver turns them into
/// end-to-end latencies. With <c>--acked &lt;file&gt;</c> the sequence numbers ingest acknowledged are written
/// there, one a line, for the fault runs to compare with what the receiver got.
/// </summary>
internal static class PacedSender
{
    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var url = new Uri(args.Text("url"));
        var rate = args.Double("rate");
        var duration = TimeSpan.FromSeconds(args.Double("seconds"));
        var payload = Payload.Read(args);
        using var http = Clients.Create();
        var acks = new ConcurrentBag<long>();
        var acknowledged = new ConcurrentBag<long>();
        var sends = new List<Task>();
        long sent = 0, errors = 0;

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                sends.Add(SendAsync(sent));
            }

            await Task.Delay(1, CancellationToken.None);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(sends);
        var sorted = acks.ToArray();
        Array.Sort(sorted);
        if (args.Text("acked", string.Empty) is { Length: > 0 } ackedFile)
        {
            await File.WriteAllLinesAsync(
                ackedFile, acknowledged.Order().Select(seq => seq.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            PACE_SENT={sent}
            PACE_ERRORS={errors}
            PACE_ACHIEVED_RATE={sent / elapsed:0}
            PACE_ACK_P50_MS={Percentiles.Ms(sorted, 0.50)}
            PACE_ACK_P99_MS={Percentiles.Ms(sorted, 0.99)}
            """));

        async Task SendAsync(long seq)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = Clients.Post(url, Payload.WithSequence(payload, seq));
            request.Headers.TryAddWithoutValidation("X-Bench-Sent", DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture));
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
                else
                {
                    acknowledged.Add(seq);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Refused, reset or timed out: not acknowledged, so the sender would retry it.
                Interlocked.Increment(ref errors);
            }

            acks.Add(Stopwatch.GetElapsedTime(started).Ticks);
        }
    }
}
