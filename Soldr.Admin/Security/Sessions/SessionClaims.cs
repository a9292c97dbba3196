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

    public static ClaimsPrincipal With(ClaimsPrincipal principal, string key)
    {
        var identity = principal.Identities.First();
        var claims = Without(identity).Append(new Claim(Key, key));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }

    public static ClaimsPrincipal Without(ClaimsPrincipal principal)
    {
        var identity = principal.Identities.First();
        return new ClaimsPrincipal(new ClaimsIdentity(Without(identity), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }

    private static IEnumerable<Claim> Without(ClaimsIdentity identity) => identity.Claims.Where(claim => claim.Type != Key);
}
