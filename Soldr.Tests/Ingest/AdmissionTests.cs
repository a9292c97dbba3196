using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Soldr.Core.Diagnostics;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Ingestion;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

public sealed class AdmissionTests
{
    [Fact]
    public async Task TheMemoryBudget_IsNeverExceeded_ByManyConcurrentReservations_AndEmptiesWhenAllAreReleased()
    {
        const long Limit = 1_000_000;
        var budget = new BodyMemoryBudget(Options.Create(new IngestOptions { MaxBodyMemoryBytes = Limit }));
        long highest = 0;
        var granted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 20_000; i++)
            {
                var bytes = random.Next(0, 300_000);
                if (!budget.TryReserve(bytes))
                {
                    continue;
                }

                Interlocked.Increment(ref granted);
                var seen = budget.Reserved;
                long before;
                do
                {
                    before = Interlocked.Read(ref highest);
                }
                while (seen > before && Interlocked.CompareExchange(ref highest, seen, before) != before);

                budget.Release(bytes);
            }
        })));

        Assert.InRange(highest, 1, Limit);
        Assert.True(granted > 1000, $"only {granted} reservations were granted");
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public void AReservationThatDoesNotFit_ReservesNothing()
    {
        var budget = new BodyMemoryBudget(Options.Create(new IngestOptions { MaxBodyMemoryBytes = 100_000 }));

        Assert.True(budget.TryReserve(60_000));
        Assert.False(budget.TryReserve(40_001));
        Assert.Equal(60_000, budget.Reserved);
        Assert.True(budget.TryReserve(40_000));
        Assert.Equal(100_000, budget.Reserved);
    }

    [Fact]
    public void AFloodOfRefusals_IsReportedOnceAtFirst_ThenOncePerInterval_WithTheCountInBetween()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tally = new RefusalTally(clock, TimeSpan.FromSeconds(10));
        var reports = new List<long>();

        for (var second = 0; second < 30; second++)
        {
            for (var i = 0; i < 1000; i++)
            {
                if (tally.Add(out var refused))
                {
                    reports.Add(refused);
                }
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // The first refusal at once; then one line every 10 s carrying all refused since the line before.
        Assert.Equal([1, 10_000, 10_000], reports);
    }
}
