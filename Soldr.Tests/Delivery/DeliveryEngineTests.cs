using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Delivery;

/// <summary>The worker service on real PostgreSQL and Redis, delivering to real HTTP receivers.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class DeliveryEngineTests(ServersFixture servers) : WorkerTests(servers)
{
    [Fact]
    public async Task ARequest_FansOutToEveryDestination_WithItsPathQueryAndHeaders_AndWithoutHopByHopOnes()
    {
        await using var appended = await HttpReceiver.StartAsync(200);
        await using var exact = await HttpReceiver.StartAsync(200);
        await TestData.DeclareAsync(Db, "fanout", "{}", (appended.Url + "hook", "{}"), (exact.Url + "exact", """{"appendPath":false}"""));
        var id = await TestData.SaveRequestAsync(Db, "fanout", """{"order":7}""");

        await StartWorkerAsync();

        await Eventually.UntilAsync(() => appended.Received.Count == 1 && exact.Received.Count == 1, "the request at both destinations");
        var received = Assert.Single(appended.Received);
        Assert.Equal("/hook/orders/7?id=1", received.PathAndQuery);
        Assert.Equal("/exact", Assert.Single(exact.Received).PathAndQuery);
        Assert.Equal("""{"order":7}""", received.BodyText);
        Assert.Equal("POST", received.Method);
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.Equal("kept", received.Headers["X-Custom"]);
        Assert.False(received.Headers.ContainsKey("Connection"));
        Assert.Equal("203.0.113.9", received.Headers["X-Forwarded-For"]);
        Assert.Equal("fanout.wh.localhost:8080", received.Headers["X-Forwarded-Host"]);
        Assert.Equal(id.ToString(), received.Headers["webhook-id"]);
        Assert.Equal("1", received.Headers["Soldr-Attempt"]);
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 2, "both deliveries succeeded");
    }

    [Fact]
    public async Task AFailingDestination_IsRetriedWithBackoff_UntilItSucceeds_UnderOneStableWebhookId()
    {
        await using var receiver = await HttpReceiver.StartAsync(500, 503, 200);
        await TestData.DeclareAsync(Db, "flaky", """{"retry":{"firstDelay":"00:00:00.200"}}""", (receiver.Url.ToString(), "{}"));
        var id = await TestData.SaveRequestAsync(Db, "flaky");

        await StartWorkerAsync();

        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 1, "the delivery to succeed");
        Assert.Equal(["1", "2", "3"], receiver.Received.Select(r => r.Headers["Soldr-Attempt"]));
        Assert.All(receiver.Received, r => Assert.Equal(id.ToString(), r.Headers["webhook-id"]));
        var attempts = await AttemptsAsync();
        Assert.Equal([500, 503, 200], attempts.Select(a => a.Status));
        Assert.Equal(["http", "http", null], attempts.Select(a => a.ErrorKind));

        // The scheduler never sends before the retry is due: the n-th retry waits at least 80% of
        // 200 ms × 2^(n-1) after the previous attempt ended.
        for (var i = 1; i < attempts.Count; i++)
        {
            var previousEnd = attempts[i - 1].StartedAt + attempts[i - 1].Duration;
            var earliest = TimeSpan.FromMilliseconds(0.8 * 200 * Math.Pow(2, i - 1));
            Assert.True(attempts[i].StartedAt - previousEnd >= earliest - TimeSpan.FromMilliseconds(1),
                $"retry {i} came {(attempts[i].StartedAt - previousEnd).TotalMilliseconds} ms after the previous attempt, before its backoff of at least {earliest.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task AFailedAttempt_SchedulesTheNextOneAfterTheFirstDelay_WithinTwentyPercentJitter()
    {
        await using var receiver = await HttpReceiver.StartAsync(500);
        await TestData.DeclareAsync(Db, "later", """{"retry":{"firstDelay":"01:00:00"}}""", (receiver.Url.ToString(), "{}"));
        await TestData.SaveRequestAsync(Db, "later");

        await StartWorkerAsync();

        var wait = await RetryWaitAsync();
        Assert.InRange(wait, TimeSpan.FromMinutes(48), TimeSpan.FromMinutes(72) + TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task RetryAfter_FromTheDestination_IsHonoured(int status)
    {
        await using var receiver = await HttpReceiver.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = "120";
            await context.Response.WriteAsync("slow down");
        });
        await TestData.DeclareAsync(Db, "busy", """{"retry":{"firstDelay":"00:00:01"}}""", (receiver.Url.ToString(), "{}"));
        await TestData.SaveRequestAsync(Db, "busy");

        await StartWorkerAsync();

        var wait = await RetryWaitAsync();
        Assert.InRange(wait, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(125));
    }

    [Fact]
    public async Task A410Gone_StopsRetryingAtOnce()
    {
        await using var receiver = await HttpReceiver.StartAsync(410);
        await TestData.DeclareAsync(Db, "gone", """{"retry":{"firstDelay":"00:00:00.050"}}""", (receiver.Url.ToString(), "{}"));
        await TestData.SaveRequestAsync(Db, "gone");

        await StartWorkerAsync();

        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'failed'") == 1, "the delivery to fail");
        Assert.Equal(1, await CountAsync("SELECT attempt_count FROM deliveries"));
        Assert.Single(await AttemptsAsync());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task ExhaustedDeliveries_RaiseExactlyOneAlert_ByWebhookAndEmail_AndItsResolutionIsAnnounced()
    {
        var failing = true;
        await using var destination = await HttpReceiver.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = Volatile.Read(ref failing) ? 500 : 200;
            await context.Response.WriteAsync("answer");
        });
        await using var alerts = await HttpReceiver.StartAsync(200);
        await using var mail = new SmtpReceiver();
        await TestData.DeclareAsync(Db, "orders", """{"retry":{"firstDelay":"00:00:00.050","maxAttempts":2}}""", (destination.Url.ToString(), "{}"));
        for (var i = 0; i < 3; i++)
        {
            await TestData.SaveRequestAsync(Db, "orders");
        }

        await StartWorkerAsync(new()
        {
            ["Soldr:Alerts:WebhookUrl"] = alerts.Url + "alerts",
            ["Soldr:Alerts:Smtp:Host"] = "127.0.0.1",
            ["Soldr:Alerts:Smtp:Port"] = mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Soldr:Alerts:Smtp:To:0"] = "oncall@example.com",
            ["Soldr:Alerts:Smtp:Security"] = "None",
        });

        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'failed'") == 3, "three deliveries given up");
        await Eventually.UntilAsync(() => alerts.Received.Count == 1 && mail.Messages.Count == 1, "the alert's notices");
        Assert.Equal(3, await CountAsync("SELECT failed_deliveries FROM alerts"));

        Volatile.Write(ref failing, false);
        await TestData.SaveRequestAsync(Db, "orders");

        await Eventually.UntilAsync(() => alerts.Received.Count == 2 && mail.Messages.Count == 2, "the resolution's notices");
        var notices = alerts.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(alerts.Received, r => Assert.Equal(r.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers["Content-Length"]));
        Assert.Equal(["open", "resolved"], notices.Select(n => n.GetProperty("alert").GetProperty("state").GetString()));
        Assert.Contains("all 2 attempt(s) failed", notices[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("500", notices[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("Subject: [Soldr] Deliveries to", mail.Messages.First(), StringComparison.Ordinal);
        Assert.Contains("Subject: [Soldr] Resolved:", mail.Messages.Last(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM alerts"));
        // A notice is marked sent after it went out, so the mark may trail the receipt.
        await Eventually.UntilAsync(
            async () => await CountAsync("SELECT count(*) FROM alerts WHERE state = 'resolved' AND opened_notified_at IS NOT NULL AND resolved_notified_at IS NOT NULL") == 1,
            "both notices marked sent");
    }

    // A backlog larger than the worker keeps claimed ahead (100 by default) fills its line first.
    [Theory]
    [InlineData(10)]
    [InlineData(250)]
    public async Task ASlowDestination_DoesNotHoldUpDeliveriesToOthers(int slowBacklog)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await HttpReceiver.StartAsync(async (context, _) =>
        {
            await gate.Task;
            await context.Response.WriteAsync("finally");
        });
        await using var fast = await HttpReceiver.StartAsync(200);
        await TestData.DeclareAsync(Db, "slow", "{}", (slow.Url.ToString(), "{}"));
        await TestData.DeclareAsync(Db, "fast", "{}", (fast.Url.ToString(), "{}"));
        for (var i = 0; i < slowBacklog; i++)
        {
            await TestData.SaveRequestAsync(Db, "slow");
        }

        await StartWorkerAsync(new() { ["Soldr:Worker:MaxConcurrency"] = "4", ["Soldr:Worker:MaxConcurrencyPerDestination"] = "2" });
        await Eventually.UntilAsync(() => slow.Received.Count == 2, "the slow destination to hold its two slots");
        for (var i = 0; i < 5; i++)
        {
            await TestData.SaveRequestAsync(Db, "fast");
        }

        await Eventually.UntilAsync(() => fast.Received.Count == 5, "every request at the fast destination");
        Assert.Equal(2, slow.Received.Count);

        gate.SetResult();
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == slowBacklog + 5, "every delivery done");
    }

    [Fact]
    public async Task ASendLongerThanItsDestinationsTimeout_IsRecordedAsATimeout()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hanging = await HttpReceiver.StartAsync(async (_, _) => await never.Task);
        await TestData.DeclareAsync(Db, "hangs", """{"retry":{"maxAttempts":1}}""", (hanging.Url.ToString(), """{"timeout":"00:00:00.300"}"""));
        await TestData.SaveRequestAsync(Db, "hangs");

        await StartWorkerAsync();

        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'failed'") == 1, "the delivery to time out");
        var attempt = Assert.Single(await AttemptsAsync());
        Assert.Equal("timeout", attempt.ErrorKind);
        Assert.Null(attempt.Status);
        never.SetResult();
    }

    [Fact]
    public async Task Stopping_HandsUnfinishedSendsBackToTheQueue_AndRemovesTheWorkersHeartbeat()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await HttpReceiver.StartAsync(async (context, call) =>
        {
            // The first three calls hang until the worker has given up on them; later ones succeed.
            if (call < 3)
            {
                await gate.Task;
            }

            await context.Response.WriteAsync("ok");
        });
        await TestData.DeclareAsync(Db, "handback", "{}", (receiver.Url.ToString(), "{}"));
        for (var i = 0; i < 3; i++)
        {
            await TestData.SaveRequestAsync(Db, "handback");
        }

        var first = await StartWorkerAsync(new() { ["Soldr:Worker:ShutdownDrainTimeout"] = "00:00:00.200" });
        await Eventually.UntilAsync(() => receiver.Received.Count == 3, "three sends in flight");
        Assert.Equal(Environment.ProcessId, await TestData.ScalarAsync<int>(Db, "SELECT pid FROM workers"));

        await first.StopAsync();
        gate.SetResult();

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM workers"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'pending' AND lease IS NULL AND attempt_count = 0"));
        Assert.Empty(await AttemptsAsync());

        // The lease was two minutes: only a hand-back lets a second worker take them within the wait.
        await StartWorkerAsync();
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'succeeded'") == 3, "the second worker to deliver them");
    }

    [Fact]
    public async Task AStoredHeaderThatCannotBeSent_IsARefusedAttempt_RecordedWithItsUrl_AndNotRetried()
    {
        await using var receiver = new RawHttpReceiver();
        await TestData.DeclareAsync(Db, "tainted", """{"retry":{"firstDelay":"00:00:00.050"}}""", (receiver.Url + "hook", "{}"));
        var id = await TestData.SaveRequestAsync(Db, "tainted");
        await TestData.ExecuteAsync(Db, """UPDATE requests SET headers = headers || '[["X-Evil","a\r\nX-Injected: yes"]]'::jsonb WHERE id = @id""", ("id", id));

        await StartWorkerAsync();

        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE state = 'failed'") == 1, "the delivery to be given up");
        var attempt = Assert.Single(await AttemptsAsync());
        Assert.Equal("refused", attempt.ErrorKind);
        Assert.Equal(receiver.Url + "hook/orders/7?id=1", await TestData.ScalarAsync<string>(Db, "SELECT url FROM attempts"));
        Assert.StartsWith("stored header 6 (X-Evil) has an invalid value", await TestData.ScalarAsync<string>(Db, "SELECT error_message FROM attempts"), StringComparison.Ordinal);
        Assert.StartsWith("Soldr refused to send it", await TestData.ScalarAsync<string>(Db, "SELECT reason FROM alerts"), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task ABadNetworkSetting_StopsTheWorkerFromStarting_NamingTheKeyAndEntry()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartWorkerAsync(new()
        {
            ["Soldr:Delivery:BlockedNetworks:0"] = "loopback",
            ["Soldr:Delivery:BlockedNetworks:1"] = "10.0.0.0/33",
        }));

        Assert.Contains("Soldr:Delivery:BlockedNetworks:1 ('10.0.0.0/33') is not a CIDR range", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Waits for the first attempt to fail, then gives the wait it scheduled from that attempt's end.</summary>
    private async Task<TimeSpan> RetryWaitAsync()
    {
        await Eventually.UntilAsync(async () => await CountAsync("SELECT count(*) FROM deliveries WHERE attempt_count = 1 AND lease IS NULL AND last_status_code IS NOT NULL") == 1, "the first attempt to be recorded");
        var attempt = Assert.Single(await AttemptsAsync());
        var next = await TestData.ScalarAsync<DateTime>(Db, "SELECT next_attempt_at FROM deliveries");
        return new DateTimeOffset(next, TimeSpan.Zero) - (attempt.StartedAt + attempt.Duration);
    }

    private async Task<List<RecordedAttempt>> AttemptsAsync()
    {
        await using var command = Db.CreateCommand("SELECT started_at, duration_ms, status_code, error_kind FROM attempts ORDER BY number");
        await using var reader = await command.ExecuteReaderAsync();
        var attempts = new List<RecordedAttempt>();
        while (await reader.ReadAsync())
        {
            attempts.Add(new RecordedAttempt(
                reader.GetFieldValue<DateTimeOffset>(0),
                TimeSpan.FromMilliseconds(reader.GetDouble(1)),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return attempts;
    }

    private sealed record RecordedAttempt(DateTimeOffset StartedAt, TimeSpan Duration, int? Status, string? ErrorKind);
}
