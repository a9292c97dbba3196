using System.Diagnostics;
using System.Threading.Channels;

namespace Soldr.Bench;

/// <summary>
/// The worker's shape, for the yardsticks that drain a queue: one loop claims ahead into a short line,
/// senders take from it, and one loop records what they finished behind them.
/// </summary>
internal static class DrainPipeline
{
    /// <summary>Runs the three stages to the end; returns the wall-clock and CPU seconds they took.</summary>
    public static async Task<(double Seconds, double CpuSeconds)> RunAsync<TClaimed, TDone>(
        int lineLength,
        int senders,
        int expected,
        Func<ChannelWriter<TClaimed>, Task> claim,
        Func<ChannelReader<TClaimed>, ChannelWriter<TDone>, Task> send,
        Func<ChannelReader<TDone>, Task<int>> record)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var claimed = Channel.CreateBounded<TClaimed>(lineLength);
        var done = Channel.CreateUnbounded<TDone>(new UnboundedChannelOptions { SingleReader = true });
        var claims = claim(claimed.Writer);
        var sends = Enumerable.Range(0, senders).Select(_ => send(claimed.Reader, done.Writer)).ToArray();
        var records = record(done.Reader);
        await claims;
        await Task.WhenAll(sends);
        done.Writer.Complete();
        var recorded = await records;
        if (recorded != expected)
        {
            throw new InvalidOperationException($"recorded {recorded} of {expected}");
        }

        return (clock.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }
}
