namespace Soldr.Admin.Client;

/// <summary>Where a UI session's management API client (<see cref="SessionApi"/>) finds that session's key.</summary>
public interface ISessionKeySource
{
    /// <summary>
    /// The key, or an empty string once there is no session: the call is then refused rather than made
    /// without one.
    /// </summary>
    ValueTask<string> GetKeyAsync(CancellationToken cancellationToken);
}
