namespace Soldr.Admin.Security.Limits;

/// <summary>What became of one presented secret.</summary>
public enum AuthenticationVerdict
{
    /// <summary>The secret matched.</summary>
    Accepted,

    /// <summary>Nothing or the wrong secret was presented.</summary>
    Failed,

    /// <summary>The client had failed too often: refused before the secret was compared.</summary>
    Refused,
}
