using Soldr.Admin.Client;

namespace Soldr.Tests.Admin;

/// <summary>A session key that stays what it was: a copy of a session the way a stolen one would be.</summary>
public sealed class FixedSessionKey(string key) : ISessionKeySource
{
    public ValueTask<string> GetKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
}
