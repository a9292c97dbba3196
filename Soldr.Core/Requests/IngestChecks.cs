namespace Soldr.Core.Requests;

/// <summary>
/// How ingest verified a request: <see cref="Method"/> names the check (<c>stripe</c>, <c>networks</c>, ...),
/// <see cref="Detail"/> says what it found, for the operator. A request that failed is saved only when its
/// webhook flags failures rather than rejecting them, and waits unverified until an operator releases it.
/// </summary>
public sealed record VerificationOutcome(string Method, bool Verified, string Detail);

/// <summary>The event key a request carried, and how long after it a repeat counts as a duplicate.</summary>
public sealed record DeduplicationKey(string Key, TimeSpan Window);
