using Soldr.Client.Contracts;
using Soldr.Core.Flow;
using Soldr.Core.Signals;
using Soldr.Core.Webhooks;
using Soldr.Worker.Flow;

namespace Soldr.Tests.Delivery;

/// <summary>Rate limits, circuit settings, ordering and priority: their rules, defaults and arithmetic.</summary>
public sealed class FlowPolicyTests
{
    [Fact]
    public void Rules_NameEachKeyAtFault()
    {
        var failures = new List<string>();
        SettingsRules.Check(
            new DestinationSettings
            {
                RateLimit = new RateLimitSettings { PerSecond = 0, PerMinute = 2_000_000, MinInterval = TimeSpan.FromHours(2) },
                Circuit = new CircuitSettings
                {
                    FailureThreshold = 0, FailureRatio = 1.5, RatioWindow = TimeSpan.FromSeconds(1), MinimumAttempts = 0,
                    ProbeDelay = TimeSpan.Zero, DisableAfter = TimeSpan.FromSeconds(5),
                },
                Ordering = "fifo",
            },
            "D:",
            failures);
        Assert.Equal(
            [
                "D:RateLimit:PerSecond must be between 1 and 100000.",
                "D:RateLimit:PerMinute must be between 1 and 1000000.",
                "D:RateLimit:MinInterval must be between 00:00:00.001 and 01:00:00.",
                "D:Circuit:FailureThreshold must be between 1 and 10000.",
                "D:Circuit:FailureRatio must be more than 0 and at most 1.",
                "D:Circuit:RatioWindow must be between 00:00:10 and 1.00:00:00.",
                "D:Circuit:MinimumAttempts must be between 1 and 100000.",
                "D:Circuit:ProbeDelay must be between 00:00:01 and 1.00:00:00.",
                "D:Circuit:DisableAfter must be between 00:01:00 and 365.00:00:00.",
                "D:Ordering must be parallel or sequential.",
            ],
            failures);

        failures.Clear();
        SettingsRules.Check(new DestinationSettings { RateLimit = new RateLimitSettings() }, "D:", failures);
        SettingsRules.Check(new WebhookSettings { Priority = "urgent" }, "W:", failures);
        Assert.Equal(
            [
                "D:RateLimit sets nothing: give PerSecond, PerMinute or MinInterval, or leave RateLimit out.",
                "W:Priority must be high, normal or low.",
            ],
            failures);
    }

    [Fact]
    public void TheCircuit_IsOnByDefault_WithTwentyFailures_AndItsProbesBackOffToHalfAnHour()
    {
        var policy = CircuitPolicy.From(null)!;
        Assert.Equal(20, policy.FailureThreshold);
        Assert.Null(policy.FailureRatio);
        Assert.Equal(TimeSpan.FromDays(5), policy.DisableAfter);
        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1800, 1800],
            Enumerable.Range(0, 8).Select(n => policy.ProbeDelayAfter(n).TotalSeconds));
        Assert.Null(CircuitPolicy.From(new CircuitSettings { Enabled = false }));
    }

    [Fact]
    public void ALimitSharedByWorkersThatCannotSeeEachOther_GivesEachItsShare_NeverLessThanOne()
    {
        var limit = RateLimitPolicy.From(new RateLimitSettings { PerSecond = 10, PerMinute = 3, MinInterval = TimeSpan.FromSeconds(1) })!;
        Assert.Equal(new RateLimitPolicy(5, 1, TimeSpan.FromSeconds(2)), limit.SharedBy(2));
        Assert.Equal(limit, limit.SharedBy(1));
        Assert.Equal("10 per second, 3 per minute, 00:00:01 apart", limit.ToString());
        Assert.Null(RateLimitPolicy.From(new RateLimitSettings()));
    }

    [Fact]
    public void TheLocalSendLog_KeepsEveryWindowAndTheGap()
    {
        var log = new SendLog();
        var perSecond = new RateLimitPolicy(2, 0, TimeSpan.Zero);
        Assert.Equal(0, log.TryTake(perSecond, 1_000));
        Assert.Equal(0, log.TryTake(perSecond, 1_100));
        Assert.Equal(900, log.TryTake(perSecond, 1_100));
        Assert.Equal(0, log.TryTake(perSecond, 2_000));

        var gap = new SendLog();
        var apart = new RateLimitPolicy(0, 0, TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, gap.TryTake(apart, 10_000));
        Assert.Equal(300, gap.TryTake(apart, 10_200));
        Assert.Equal(0, gap.TryTake(apart, 10_500));

        var perMinute = new SendLog();
        var minute = new RateLimitPolicy(0, 1, TimeSpan.Zero);
        Assert.Equal(0, perMinute.TryTake(minute, 0));
        Assert.Equal(59_000, perMinute.TryTake(minute, 1_000));
    }

    [Theory]
    [InlineData("pause:7:1700000000000", "pause", 7L, 1_700_000_000_000L)]
    [InlineData("open:12", "open", 12L, 0L)]
    [InlineData("close:3", "close", 3L, 0L)]
    public void FlowNotices_AreReadBack(string message, string kind, long destination, long until)
    {
        Assert.True(FlowNotices.TryRead(message, out var k, out var d, out var u));
        Assert.Equal((kind, destination), (k, d));
        Assert.Equal(until, until == 0 ? 0 : u.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("pause:7")]
    [InlineData("open:7:5")]
    [InlineData("drop:7")]
    [InlineData("open:-1")]
    [InlineData(null)]
    public void MalformedFlowNotices_AreIgnored(string? message) => Assert.False(FlowNotices.TryRead(message, out _, out _, out _));
}
