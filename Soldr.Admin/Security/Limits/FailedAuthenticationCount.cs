namespace Soldr.Admin.Security.Limits;

/// <summary>What one client did in one reporting period: wrong secrets presented, requests refused with 429.</summary>
public sealed record FailedAuthenticationCount(string Client, int Failures, int Refused);
