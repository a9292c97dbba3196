using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;

namespace Soldr.Bench;

/// <summary>
/// Soldr's own queue statements without the worker around them: a backlog already saved is claimed a
/// hundred at a time with <see cref="DeliveryStore.ClaimDueAsync"/> and its attempts recorded in batches
/// with <see cref="AttemptRecorder.RecordManyAsync"/>, the calls and batch sizes the worker uses, one
/// claim and one record under way at a time as in the worker. In between, <c>--sends loop</c> sends each
/// delivery as the HttpClient loop does (its client, no policy, telemetry or logging) and records the
/// answer; <c>--sends none</c> sends nothing and records a 200 at once, which leaves PostgreSQL's work
/// for Soldr's data and its reading and writing alone. The worker must be paused meanwhile, or it would
/// claim the same backlog. Its statements are prepared and run without JIT, as the worker's are.
/// </summary>
internal static class SoldrQueue
{
    private const int ClaimSize = 100;
    private const int MaxRecordBatch = 1000;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    // What the receiver answers, for the attempts recorded without a send.
    private static readonly List<KeyValuePair<string, string>> ReceiverHeaders =
        [new("Date", "Mon, 23 Nov 2026 12:00:00 GMT"), new("Server", "Kestrel"), new("Content-Length", "0")];

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var count = args.Int("count");
        var concurrency = args.Int("concurrency", 16);
        var sends = args.Text("sends", "loop");
        if (sends is not ("loop" or "none"))
        {
            throw new ArgumentException("--sends is loop or none");
        }

        var url = sends == "loop" ? new Uri(args.Text("url")) : null;
        await using var dataSource = Database.OpenLikeServices();
        using var http = Clients.Create();
        var store = new DeliveryStore(dataSource, new DeliveryPolicies(Options.Create(new DeliveryOptions())), TimeProvider.System);
        var recorder = new AttemptRecorder(dataSource, TimeProvider.System);

        var (seconds, cpuSeconds) = await DrainPipeline.RunAsync<DeliveryWork, AttemptToRecord>(
            ClaimSize * 2,
            concurrency,
            count,
            claimed => ClaimAsync(store, claimed, count, cancellationToken),
            (claimed, answered) => url is null
                ? AnswerAsync(claimed, answered, cancellationToken)
                : SendAsync(http, url, claimed, answered, cancellationToken),
            answered => RecordAsync(recorder, answered, cancellationToken));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"QUEUE_DELIVERED={count}\nQUEUE_SECONDS={seconds:0.00}\nQUEUE_RATE={count / seconds:0}\nQUEUE_CPU_SECONDS={cpuSeconds:0.00}"));
    }

    private static async Task ClaimAsync(DeliveryStore store, ChannelWriter<DeliveryWork> claimed, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            foreach (var work in await store.ClaimDueAsync(Math.Min(ClaimSize, count - total), Lease, [], cancellationToken))
            {
                await claimed.WriteAsync(work, cancellationToken);
                total++;
            }
        }

        claimed.Complete();
    }

    private static async Task SendAsync(
        HttpClient http, Uri url, ChannelReader<DeliveryWork> claimed, ChannelWriter<AttemptToRecord> answered, CancellationToken cancellationToken)
    {
        await foreach (var work in claimed.ReadAllAsync(cancellationToken))
        {
            var startedAt = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            using var request = Clients.Post(url, work.Body);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            List<KeyValuePair<string, string>> headers =
                [.. response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
                    .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))];
            var attempt = new AttemptRecord(startedAt, Stopwatch.GetElapsedTime(started), (int)response.StatusCode, headers, body, null);
            answered.TryWrite(new AttemptToRecord(work, attempt, DeliveryOutcome.Succeeded));
        }
    }

    private static async Task AnswerAsync(ChannelReader<DeliveryWork> claimed, ChannelWriter<AttemptToRecord> answered, CancellationToken cancellationToken)
    {
        await foreach (var work in claimed.ReadAllAsync(cancellationToken))
        {
            var attempt = new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(1), 200, ReceiverHeaders, [], null);
            answered.TryWrite(new AttemptToRecord(work, attempt, DeliveryOutcome.Succeeded));
        }
    }

    private static async Task<int> RecordAsync(AttemptRecorder recorder, ChannelReader<AttemptToRecord> answered, CancellationToken cancellationToken)
    {
        var recorded = 0;
        await foreach (var batch in answered.ReadBatchesAsync(MaxRecordBatch, cancellationToken))
        {
            var results = await recorder.RecordManyAsync([.. batch], cancellationToken);
            recorded += results.Count(r => r.StillOurs);
        }

        return recorded;
    }
}
