using System.Security.Claims;

namespace Soldr.Admin.Security.Sessions;

/// <summary>
/// The session key rides in the signed-in principal, in memory only (never stored): a live page's
/// circuit has no HTTP request to read a cookie from, but it has the principal it was opened with.
/// </summary>
internal static class SessionClaims
{
    public const string Key = "soldr:session-key";

    public static string? KeyOf(ClaimsPrincipal? principal) => principal?.FindFirst(Key)?.Value;

    public static ClaimsPrincipal With(ClaimsPrincipal principal, string key) =>
        Rebuilt(principal, claims => claims.Append(new Claim(Key, key)));

    public static ClaimsPrincipal Without(ClaimsPrincipal principal) => Rebuilt(principal, claims => claims);

    /// <summary>The principal's identity with its claims but the session key, changed by <paramref name="change"/>.</summary>
    private static ClaimsPrincipal Rebuilt(ClaimsPrincipal principal, Func<IEnumerable<Claim>, IEnumerable<Claim>> change)
    {
        var identity = principal.Identities.First();
        var claims = change(identity.Claims.Where(claim => claim.Type != Key));
        return new ClaimsPrincipal(
            new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }
}
