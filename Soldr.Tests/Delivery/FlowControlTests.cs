using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Delivery;

/// <summary>
/// Rate limits, Retry-After, the circuit breaker and sequential delivery, each across two worker processes
/// sharing one PostgreSQL and one Redis.
/// </summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class FlowControlTests(ServersFixture servers) : WorkerTests(servers)
{
    // Claiming one delivery at a time, a worker holds one while the other holds the next: both contend for
    // the destination at every send.
    private static readonly Dictionary<string, string?> OneAtATime = new()
    {
        ["Soldr:Worker:BatchSize"] = "1",
        ["Soldr:Worker:MaxConcurrencyPerDestination"] = "1",
        ["Soldr:Worker:PollInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task AMinimumGapOfOneSecond_HoldsAcrossTwoWorkers()
    {
        await using var receiver = await HttpReceiver.StartAsync(200);
        await TestData.DeclareAsync(Db, "gap", "{}", (receiver.Url.ToString(), """{"rateLimit":{"minInterval":"00:00:01"}}"""));
        for (var i = 0; i < 5; i++)
        {
            await TestData.SaveRequestAsync(Db, "gap");
        }

        await StartWorkersAsync(2, OneAtATime);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 5, "five deliveries");

        // Each attempt's start, as its worker recorded it: a send starts right after the shared limit let
        // it, so the gaps are a second, less at most the few ms a worker takes from that answer to the send.
        var starts = await TestData.RowsAsync(Db, "SELECT started_at FROM attempts ORDER BY started_at", r => r.GetFieldValue<DateTimeOffset>(0));
        Assert.Equal(5, starts.Count);
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"a gap of {gap.TotalMilliseconds} ms"));
        Assert.Equal(5, receiver.Received.Count);

        // Waiting for the limit is not an attempt: each delivery took exactly one.
        Assert.Equal(5, await CountAsync("SELECT sum(attempt_count) FROM deliveries"));
    }

    [Fact]
    public async Task ARetryAfterFromA429_HoldsBackTheWholeDestination_ForEveryWorker_EvenOneStartedMeanwhile()
    {
        var arrivals = new ConcurrentQueue<long>();
        var answered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await HttpReceiver.StartAsync(async (context, call) =>
        {
            if (call == 0)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "3";
                await context.Response.WriteAsync("slow down");
                answered.SetResult(Stopwatch.GetTimestamp());
                return;
            }

            arrivals.Enqueue(Stopwatch.GetTimestamp());
            await context.Response.WriteAsync("ok");
        });
        await TestData.DeclareAsync(Db, "busy", "{}", (receiver.Url.ToString(), """{"retry":{"firstDelay":"00:00:00.100"}}"""));
        for (var i = 0; i < 6; i++)
        {
            await TestData.SaveRequestAsync(Db, "busy");
        }

        // The first worker's next sends wait; the second, started once the 429 was answered, reads the pause
        // from Redis before it claims anything.
        await StartWorkersAsync(1, OneAtATime);
        var at429 = await answered.Task.WaitAsync(Eventually.DefaultTimeout);
        await StartWorkersAsync(1, OneAtATime);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 6, "six deliveries");

        // Nothing reached the destination for the three seconds it asked for: not the retry of the delivery
        // that got the 429, nor any other.
        Assert.Equal(6, arrivals.Count);
        Assert.All(arrivals, t => Assert.True(
            Stopwatch.GetElapsedTime(at429, t) >= TimeSpan.FromMilliseconds(2900), $"a send {Stopwatch.GetElapsedTime(at429, t).TotalMilliseconds} ms after the 429"));
        Assert.Equal(7, await CountAsync("SELECT count(*) FROM attempts"));
    }

    [Fact]
    public async Task A429WithoutRetryAfter_PausesTheDestinationForASecond_DoublingWhileItKeepsAnswering429()
    {
        var arrivals = new ConcurrentQueue<long>();
        await using var receiver = await HttpReceiver.StartAsync(async (context, call) =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            context.Response.StatusCode = call < 3 ? 429 : 200;
            await context.Response.WriteAsync(call < 3 ? "slow down" : "ok");
        });
        await TestData.DeclareAsync(Db, "throttled", "{}", (receiver.Url.ToString(), """{"retry":{"firstDelay":"00:00:00.100"}}"""));
        for (var i = 0; i < 4; i++)
        {
            await TestData.SaveRequestAsync(Db, "throttled");
        }

        await StartWorkersAsync(1, OneAtATime);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 4, "four deliveries");

        // Three 429s in a row: the send after each waited 1, 2 and 4 s, whatever delivery came next (less at
        // most the few ms between this clock and the worker's).
        var at = arrivals.ToArray();
        Assert.Equal(7, at.Length);
        for (var i = 0; i < 3; i++)
        {
            var gap = Stopwatch.GetElapsedTime(at[i], at[i + 1]);
            var pause = TimeSpan.FromSeconds(1 << i);
            Assert.True(gap >= pause - TimeSpan.FromMilliseconds(100), $"{gap.TotalMilliseconds} ms after 429 number {i + 1}, which paused for {pause.TotalSeconds} s");
        }

        // Each 429 was an attempt, retried; a pause is not one.
        Assert.Equal(7, await CountAsync("SELECT count(*) FROM attempts"));
    }

    [Fact]
    public async Task ADestinationThatFails20Times_OpensItsCircuit_HoldsEverything_AndOnRecoveryReceivesEachDeliveryOnce()
    {
        var up = false;
        var delivered = new ConcurrentDictionary<string, int>();
        await using var receiver = await HttpReceiver.StartAsync(async (context, _) =>
        {
            if (!Volatile.Read(ref up))
            {
                context.Response.StatusCode = 503;
                return;
            }

            using var reader = new StreamReader(context.Request.Body);
            delivered.AddOrUpdate(await reader.ReadToEndAsync(), 1, (_, n) => n + 1);
        });
        await TestData.DeclareAsync(
            Db,
            "down",
            "{}",
            (receiver.Url.ToString(), """{"retry":{"firstDelay":"00:00:00.200","maxDelay":"00:00:00.400","maxAttempts":100},"circuit":{"probeDelay":"00:00:01"}}"""));
        for (var i = 0; i < 30; i++)
        {
            await TestData.SaveRequestAsync(Db, "down", $$"""{"n":{{i}}}""");
        }

        await StartWorkersAsync(2);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM destinations WHERE circuit_state = 'open'") == 1, "the circuit to open");
        // Attempts are counted a recorded batch at a time, so the count that opened it may pass 20.
        var reason = await TestData.ScalarAsync<string>(Db, "SELECT circuit_reason FROM destinations");
        var match = System.Text.RegularExpressions.Regex.Match(reason, "^([0-9]+) consecutive attempts failed; the last: HTTP 503");
        Assert.True(match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 20, reason);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM alerts WHERE kind = 'circuit' AND state = 'open'"));

        // Held: nothing failed or dropped, and while it stays open the only attempts are its probes.
        await Eventually.UntilAsync(
            async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'held' AND (locked_until IS NULL OR locked_until < now())") == 30,
            "every delivery held");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'failed'"));
        var before = await CountAsync("SELECT count(*) FROM attempts");
        await Eventually.UntilAsync(async () => await CountAsync("SELECT circuit_probes FROM destinations") >= 2, "two failed probes");
        var (attempts, probes) = (await TestData.RowsAsync(
            Db, "SELECT (SELECT count(*) FROM attempts), circuit_probes FROM destinations", r => (r.GetInt64(0), r.GetInt32(1)))).Single();
        Assert.InRange(attempts - before, probes, probes + 1);
        Assert.Equal(30, await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'held'"));

        Volatile.Write(ref up, true);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 30, "every held delivery sent");
        Assert.Equal(30, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));
        Assert.Equal("closed", await TestData.ScalarAsync<string>(Db, "SELECT circuit_state FROM destinations"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM alerts WHERE kind = 'circuit' AND state = 'resolved'"));
    }

    [Fact]
    public async Task ASequentialDestination_GetsOneDeliveryAtATimeInTheOrderReceived_ThroughFailuresACircuitAndItsRecovery()
    {
        var failuresLeft = 22;
        var concurrent = 0;
        var mostAtOnce = 0;
        var succeeded = new ConcurrentQueue<string>();
        await using var receiver = await HttpReceiver.StartAsync(async (context, _) =>
        {
            var now = Interlocked.Increment(ref concurrent);
            InterlockedMax(ref mostAtOnce, now);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await Task.Delay(20);
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                context.Response.StatusCode = 500;
            }
            else
            {
                succeeded.Enqueue(body);
            }

            Interlocked.Decrement(ref concurrent);
        });
        await TestData.DeclareAsync(
            Db,
            "ordered",
            "{}",
            (receiver.Url.ToString(), """{"ordering":"sequential","retry":{"firstDelay":"00:00:00.050","maxDelay":"00:00:00.100","maxAttempts":100},"circuit":{"probeDelay":"00:00:01"}}"""));
        var bodies = Enumerable.Range(0, 12).Select(i => $$"""{"n":{{i}}}""").ToList();
        foreach (var body in bodies)
        {
            await TestData.SaveRequestAsync(Db, "ordered", body);
        }

        await StartWorkersAsync(2);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 12, "every delivery, in turn");

        // The first delivery failed 20 times, which opened the circuit; two probes failed, the third closed it.
        Assert.Equal(bodies, succeeded);
        Assert.Equal(1, mostAtOnce);
        Assert.Equal(23, await CountAsync("SELECT attempt_count FROM deliveries d JOIN requests r ON r.id = d.request_id ORDER BY r.id LIMIT 1"));
        Assert.Equal(11, await CountAsync("SELECT count(*) FROM deliveries WHERE attempt_count = 1"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM alerts WHERE kind = 'circuit' AND state = 'resolved'"));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private async Task StartWorkersAsync(int count, Dictionary<string, string?>? settings = null)
    {
        for (var i = 0; i < count; i++)
        {
            await StartWorkerAsync(settings);
        }
    }
}
