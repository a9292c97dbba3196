namespace Soldr.Core.Verification;

/// <summary>
/// What checking a request found. <see cref="Method"/> names the check that decided (a kind such as
/// <c>stripe</c>, or <c>networks</c>, <c>origins</c>, <c>networks+origins</c>, <c>none</c>,
/// <c>configuration</c>); <see cref="Detail"/> explains it to an operator and never holds a secret or the
/// signature received.
/// </summary>
public sealed record VerificationResult(bool Verified, string Method, string Detail)
{
    internal static VerificationResult Pass(string method, string detail) => new(true, method, detail);

    internal static VerificationResult Fail(string method, string detail) => new(false, method, detail);
}
