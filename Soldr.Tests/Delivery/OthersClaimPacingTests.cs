using Soldr.Worker.Delivery;

namespace Soldr.Tests.Delivery;

public sealed class OthersClaimPacingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AfterAShortClaimLeavingDestinationsOut_TheNextWaits_WhileTheyAreStillLeftOut()
    {
        var pacing = new OthersClaimPacing();
        pacing.Claimed([1], claimed: 3, max: 100, Start);

        var later = Start + TimeSpan.FromMilliseconds(4);
        Assert.Equal(OthersClaimPacing.Pause - TimeSpan.FromMilliseconds(4), pacing.WaitBefore([1], later));
        // Leaving out more finds no more.
        Assert.Equal(OthersClaimPacing.Pause - TimeSpan.FromMilliseconds(4), pacing.WaitBefore([1, 2], later));
        Assert.Equal(TimeSpan.Zero, pacing.WaitBefore([1], Start + OthersClaimPacing.Pause));
    }

    [Fact]
    public void ADestinationWithRoomAgain_OrNoneLeftOut_IsClaimedForAtOnce()
    {
        var pacing = new OthersClaimPacing();
        pacing.Claimed([1, 2], claimed: 0, max: 100, Start);

        Assert.Equal(TimeSpan.Zero, pacing.WaitBefore([2], Start));
        Assert.Equal(TimeSpan.Zero, pacing.WaitBefore([], Start));
    }

    [Fact]
    public void AFullClaim_OrOneLeavingNoneOut_DoesNotPause()
    {
        var pacing = new OthersClaimPacing();
        pacing.Claimed([1], claimed: 100, max: 100, Start);
        pacing.Claimed([], claimed: 0, max: 100, Start);

        Assert.Equal(TimeSpan.Zero, pacing.WaitBefore([1], Start));
    }

    [Fact]
    public void ClaimsThatFindNothing_WaitTwiceAsLongEachTime_UpToTheLongestPause_AndOneThatFindsSomethingStartsAgain()
    {
        var pacing = new OthersClaimPacing();
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            pacing.Claimed([1], claimed: 0, max: 100, Start);
            waits.Add(pacing.WaitBefore([1], Start));
        }

        pacing.Claimed([1], claimed: 2, max: 100, Start);
        var afterSome = pacing.WaitBefore([1], Start);
        pacing.Claimed([1], claimed: 0, max: 100, Start);

        Assert.Equal([10, 20, 40, 80, 100, 100], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal(OthersClaimPacing.LongestPause, OthersClaimPacing.Pause * 10);
        Assert.Equal(OthersClaimPacing.Pause, afterSome);
        Assert.Equal(OthersClaimPacing.Pause, pacing.WaitBefore([1], Start));
    }
}
