using Soldr.Client;
using Soldr.Client.Contracts;

namespace Soldr.Admin.Components.Pages.Webhooks;

/// <summary>What an operator can do to a destination's circuit from the webhook page.</summary>
public enum CircuitAction
{
    Open,
    Close,
    Probe,
}

/// <summary>Each circuit action's call to the API, and the words the page shows after it.</summary>
public static class CircuitActions
{
    public static Task<CircuitView> CallAsync(this ISoldrApi api, CircuitAction action, string webhook, long destinationId)
    {
        ArgumentNullException.ThrowIfNull(api);
        return action switch
        {
            CircuitAction.Open => api.OpenCircuitAsync(webhook, destinationId),
            CircuitAction.Close => api.CloseCircuitAsync(webhook, destinationId),
            _ => api.ProbeCircuitAsync(webhook, destinationId),
        };
    }

    public static string Done(CircuitAction action, string url) => action switch
    {
        CircuitAction.Open => $"Opened the circuit of {url}: its deliveries are held until it is closed or a probe succeeds.",
        CircuitAction.Close => $"Closed the circuit of {url}: what it held goes out in the order received.",
        _ => $"Probing {url}: a worker sends its earliest held delivery; a success closes the circuit.",
    };

    public static string Failed(CircuitAction action, string url) =>
        $"Could not {action.ToString().ToLowerInvariant()} the circuit of {url}.";
}
