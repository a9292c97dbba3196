using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery;

namespace Soldr.Tests.Delivery;

public sealed class RetryScheduleTests
{
    private static readonly DeliveryPolicy Policy = new(
        FirstRetryDelay: TimeSpan.FromSeconds(5), MaxRetryDelay: TimeSpan.FromHours(6), MaxAttempts: 15,
        Timeout: TimeSpan.FromSeconds(30), AppendPath: true);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 2560)]
    public void TheDelayDoubles_AndJitterMovesItByAtMostTwentyPercent(int attemptsMade, double baseSeconds)
    {
        var lowest = Schedule(new FixedRandom(0.0)).DelayAfter(attemptsMade, Policy, null);
        var middle = Schedule(new FixedRandom(0.5)).DelayAfter(attemptsMade, Policy, null);
        var highest = Schedule(new FixedRandom(0.999_999)).DelayAfter(attemptsMade, Policy, null);

        Assert.Equal(baseSeconds * 0.8, lowest.TotalSeconds, 3);
        Assert.Equal(baseSeconds, middle.TotalSeconds, 3);
        Assert.Equal(baseSeconds * 1.2, highest.TotalSeconds, 2);
    }

    [Fact]
    public void ManyRandomDelays_AllStayWithinTheJitterBounds()
    {
        var schedule = Schedule(new Random(42));
        var delays = Enumerable.Range(0, 1000).Select(_ => schedule.DelayAfter(3, Policy, null).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 16, 24));
        Assert.True(delays.Distinct().Count() > 900, "jitter spreads retries rather than repeating one delay");
    }

    [Fact]
    public void TheDelayIsCappedAtTheMaximum_EvenWithJitter()
    {
        var highest = Schedule(new FixedRandom(0.999_999)).DelayAfter(14, Policy, null);

        Assert.Equal(TimeSpan.FromHours(6), highest);
    }

    [Fact]
    public void RetryAfter_IsAFloor_WithinTheCap()
    {
        var schedule = Schedule(new FixedRandom(0.5));

        Assert.Equal(TimeSpan.FromSeconds(120), schedule.DelayAfter(1, Policy, TimeSpan.FromSeconds(120)));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.DelayAfter(1, Policy, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromHours(6), schedule.DelayAfter(1, Policy, TimeSpan.FromDays(3)));
    }

    [Fact]
    public void A410_StopsAtOnce_AndTheLastAllowedAttempt_GivesUp()
    {
        var schedule = Schedule(new FixedRandom(0.5));
        var now = DateTimeOffset.UtcNow;

        var gone = schedule.Decide(Work(1), Attempt(410), now);
        var last = schedule.Decide(Work(15), Attempt(500), now);
        var retry = schedule.Decide(Work(2), Attempt(500), now);
        var ok = schedule.Decide(Work(2), Attempt(204), now);

        Assert.Equal(DeliveryState.Failed, gone.State);
        Assert.Contains("410", gone.FailureReason, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Failed, last.State);
        Assert.Contains("all 15 attempt(s) failed", last.FailureReason, StringComparison.Ordinal);
        Assert.Equal(now + TimeSpan.FromSeconds(10), retry.RetryAt);
        Assert.Equal(DeliveryState.Succeeded, ok.State);
    }

    [Fact]
    public void ARefusal_StopsAtOnce_WithAReasonThatSaysWhy()
    {
        var refused = new AttemptRecord(DateTimeOffset.UtcNow, TimeSpan.Zero, null, null, null,
            new AttemptError(AttemptError.Refused, "the destination accepts only POST, not DELETE"));

        var outcome = Schedule(new FixedRandom(0.5)).Decide(Work(1), refused, DateTimeOffset.UtcNow);

        Assert.Equal(DeliveryState.Failed, outcome.State);
        Assert.Null(outcome.RetryAt);
        Assert.Equal("Soldr refused to send it, which no retry would change: the destination accepts only POST, not DELETE", outcome.FailureReason);
    }

    private static RetrySchedule Schedule(Random random) => new(Options.Create(new DeliveryOptions()), random);

    private static AttemptRecord Attempt(int status) =>
        new(DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3), status, [], [],
            status is >= 200 and < 300 ? null : new AttemptError("http", $"{status}"));

    private static DeliveryWork Work(int attempt) =>
        new(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(2), attempt, Guid.NewGuid(), "shop", DateTimeOffset.UtcNow, "POST", "/", "", [], [],
            null, null, null, 1, "http://a.test/", Policy, Revision: 0);

    /// <summary>A random source stuck on one value, to reach the exact edges of the jitter.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
