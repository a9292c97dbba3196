using Soldr.Core.Alerts;

namespace Soldr.Worker.Alerts;

/// <summary>One way a notice reaches a human. Throws when it could not be sent; the notice is retried later.</summary>
internal interface IAlertChannel
{
    string Name { get; }

    /// <summary>Whether its settings are present; an unconfigured channel is skipped.</summary>
    bool IsConfigured { get; }

    Task SendAsync(AlertNotice notice, CancellationToken cancellationToken);
}
