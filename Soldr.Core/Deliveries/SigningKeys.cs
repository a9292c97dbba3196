namespace Soldr.Core.Deliveries;

/// <summary>
/// The keys a destination's attempts are signed with. After a rotation the previous key signs beside the
/// current one until <see cref="PreviousExpiresAt"/>, so each receiver can move to the new secret in its own
/// time. That is decided per attempt (<see cref="At"/>), because a policy is kept long after it was read.
/// </summary>
public sealed class SigningKeys
{
    private readonly byte[][] _current;
    private readonly byte[][] _both;

    public SigningKeys(byte[] current, byte[]? previous, DateTimeOffset? previousExpiresAt)
    {
        ArgumentNullException.ThrowIfNull(current);
        _current = [current];
        _both = previous is null ? _current : [current, previous];
        PreviousExpiresAt = previousExpiresAt;
    }

    /// <summary>Until when the previous key signs too; without it the previous key is not used.</summary>
    public DateTimeOffset? PreviousExpiresAt { get; }

    /// <summary>The keys that sign an attempt made at <paramref name="now"/>: the current one first.</summary>
    public IReadOnlyList<byte[]> At(DateTimeOffset now) => PreviousExpiresAt > now ? _both : _current;
}
