namespace Soldr.Admin.Security.Sessions;

/// <summary>A live management UI session, as the database holds it.</summary>
public sealed record AdminSession(
    string ShortId,
    byte[] Ticket,
    DateTimeOffset SignedInAt,
    string? SignedInFrom,
    DateTimeOffset ExpiresAt,
    DateTimeOffset EndsAt)
{
    public ApiCaller Caller => ApiCaller.ForSession(ShortId, SignedInAt, SignedInFrom);
}
