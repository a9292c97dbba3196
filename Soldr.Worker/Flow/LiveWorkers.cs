namespace Soldr.Worker.Flow;

/// <summary>
/// How many workers were registered at this worker's last heartbeat: what a limit is divided by when the
/// workers cannot share it through Redis. Until the first heartbeat, assumed more than one.
/// </summary>
internal sealed class LiveWorkers
{
    private volatile int _count = 2;

    public int Count
    {
        get => _count;
        set => _count = Math.Max(1, value);
    }
}
