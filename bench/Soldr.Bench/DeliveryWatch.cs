using System.Diagnostics;
using System.Globalization;

namespace Soldr.Bench;

/// <summary>
/// Polls the receiver until it has seen <c>--count</c> deliveries (or the timeout passes) and prints the
/// rate from <c>--since</c> (UTC ticks: when the backlog committed) to the last arrival.
/// </summary>
internal static class DeliveryWatch
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var receiver = new Uri(args.Text("receiver"));
        var count = args.Int("count");
        var since = long.Parse(args.Text("since"), CultureInfo.InvariantCulture);
        var timeout = TimeSpan.FromSeconds(args.Double("timeout-s", 600));
        // A drain that makes no progress for this long is reported as it stands rather than waited for.
        var stall = TimeSpan.FromSeconds(args.Double("stall-s", 30));
        using var http = new HttpClient { BaseAddress = receiver };
        var clock = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        long seen = 0;
        Dictionary<string, string> stats;
        while (true)
        {
            await Task.Delay(200, cancellationToken);
            stats = ParseStats(await http.GetStringAsync(new Uri("/_stats", UriKind.Relative), cancellationToken));
            var now = long.Parse(stats["RECV_COUNT"], CultureInfo.InvariantCulture);
            if (now != seen)
            {
                seen = now;
                progress.Restart();
            }

            // The stall clock starts with the first arrival: how long that takes is reported on its own.
            if (now >= count || clock.Elapsed > timeout || (seen > 0 && progress.Elapsed > stall))
            {
                break;
            }
        }

        var received = long.Parse(stats["RECV_COUNT"], CultureInfo.InvariantCulture);
        var last = long.Parse(stats["RECV_LAST_TICKS"], CultureInfo.InvariantCulture);
        var first = long.Parse(stats["RECV_FIRST_TICKS"], CultureInfo.InvariantCulture);
        var seconds = (last - since) / (double)TimeSpan.TicksPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            DELIVERED={received}
            DELIVERY_COMPLETE={(received >= count ? 1 : 0)}
            DELIVERY_SECONDS={seconds:0.00}
            DELIVERY_RATE={(seconds > 0 ? received / seconds : 0):0}
            DELIVERY_FIRST_AFTER_MS={(first - since) / (double)TimeSpan.TicksPerMillisecond:0}
            """));
        return 0;
    }

    public static Dictionary<string, string> ParseStats(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
