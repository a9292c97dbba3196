using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Worker;
using Soldr.Worker.Delivery;

namespace Soldr.Tests.Delivery;

public sealed class InFlightDeliveriesTests
{
    [Fact]
    public void DestinationsTakeTurns_AndNoneSendsMoreThanItsLimit()
    {
        var line = Line(perDestination: 2, ahead: 10);
        line.Enqueue([Work(1), Work(1), Work(1), Work(2), Work(2)]);

        var taken = TakeAll(line);

        // One for each destination in turn, until destination 1 has its 2 sends; its third waits.
        Assert.Equal([1L, 2L, 1L, 2L], taken.Select(w => w.DestinationId));
        Assert.False(line.HasReady);

        line.Finish(1);
        Assert.Equal(1L, Assert.Single(TakeAll(line)).DestinationId);
    }

    [Fact]
    public void AFullLine_IsLeftOutOfClaims_WithoutTakingTheOthersRoom_AndTakingFromItMakesItOpen()
    {
        // Two sending slots, one per destination: at most two destinations can hold them all.
        var line = Line(perDestination: 1, ahead: 3, maxConcurrency: 2);
        line.Enqueue([Work(1), Work(1), Work(1), Work(2)]);

        // Destination 1 holds the 3 kept ahead, so it is full and left out; destination 2 may have more.
        Assert.Equal([1L], line.FullLines());
        Assert.True(line.HasFullLine);
        Assert.True(line.HasRoom);

        line.Enqueue([Work(2), Work(2)]);
        Assert.Equal([1L, 2L], line.FullLines().Order());
        Assert.True(line.HasRoom);

        // A third full line is more than could ever send at once: no more claims.
        line.Enqueue([Work(3), Work(3), Work(3)]);
        Assert.False(line.HasRoom);

        // Taking from destination 1 drops its line below 3: it may be claimed for again, and there is room.
        Assert.Equal(1L, line.TryTakeNext(out var roomOpened)?.DestinationId);
        Assert.True(roomOpened);
        Assert.Equal([2L, 3L], line.FullLines().Order());
        Assert.True(line.HasRoom);
    }

    [Fact]
    public void LinesThatAreNotFull_ShareWhatIsKeptAhead()
    {
        var line = Line(perDestination: 1, ahead: 3);
        line.Enqueue([Work(1), Work(1), Work(2), Work(2)]);

        // No line is full, but 4 wait in all: no room.
        Assert.Empty(line.FullLines());
        Assert.False(line.HasFullLine);
        Assert.False(line.HasRoom);

        Assert.Equal(1L, line.TryTakeNext(out var roomOpened)?.DestinationId);
        Assert.False(roomOpened);
        Assert.False(line.HasRoom);

        // Taking from destination 2 drops the lines below 3 in all.
        Assert.Equal(2L, line.TryTakeNext(out roomOpened)?.DestinationId);
        Assert.True(roomOpened);
        Assert.True(line.HasRoom);

        // Each destination is at its one send: nothing more to take until one finishes.
        Assert.Null(line.TryTakeNext(out roomOpened));
        Assert.False(roomOpened);
    }

    [Fact]
    public void OnShutdown_EveryWaitingDelivery_IsTakenBack_AndNoneIsLeftToSend()
    {
        var line = Line(perDestination: 1, ahead: 10);
        line.Enqueue([Work(1), Work(1), Work(2)]);
        var sending = TakeAll(line);

        var waiting = line.TakeWaiting();

        Assert.Equal(2, sending.Count);
        Assert.Equal(1L, Assert.Single(waiting).DestinationId);
        line.Finish(1);
        Assert.Null(line.TryTakeNext(out _));
    }

    private static InFlightDeliveries Line(int perDestination, int ahead, int maxConcurrency = 64) =>
        new(Options.Create(new WorkerOptions { MaxConcurrencyPerDestination = perDestination, BatchSize = ahead, MaxConcurrency = maxConcurrency }), TimeProvider.System);

    private static List<DeliveryWork> TakeAll(InFlightDeliveries line)
    {
        var taken = new List<DeliveryWork>();
        while (line.TryTakeNext(out _) is { } work)
        {
            taken.Add(work);
        }

        return taken;
    }

    private static DeliveryWork Work(long destinationId) => new(
        Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(2), 1, Guid.NewGuid(), "shop", DateTimeOffset.UtcNow,
        "POST", "/", "", [], [], null, null, null, destinationId, "http://a.test/",
        DeliveryPolicy.Resolve(new DeliveryOptions(), new(), new()), Revision: 0);
}
