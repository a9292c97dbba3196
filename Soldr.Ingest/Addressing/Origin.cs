namespace Soldr.Ingest.Addressing;

/// <summary>Where a request came from: the sender's address, and the scheme (http or https) it used.</summary>
internal readonly record struct Origin(string? Address, string Scheme);
