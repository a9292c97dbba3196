using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Soldr.Client.Contracts;
using Soldr.Core.Webhooks;

namespace Soldr.Core.Deliveries;

/// <summary>
/// Turns the settings columns read with each claimed delivery into its policy. Few webhooks and
/// destinations exist, so the merged policy is kept per pair of settings texts instead of parsing JSON
/// for every delivery; an edited setting is a new text and so a new entry.
/// </summary>
public sealed class DeliveryPolicies(IOptions<DeliveryOptions> defaults)
{
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<(string Webhook, string Destination), DeliveryPolicy> _resolved = new();

    public DeliveryPolicy For(string webhookSettings, string destinationSettings)
    {
        if (_resolved.TryGetValue((webhookSettings, destinationSettings), out var policy))
        {
            return policy;
        }

        if (_resolved.Count >= MaxEntries)
        {
            _resolved.Clear();
        }

        policy = DeliveryPolicy.Resolve(
            defaults.Value,
            SettingsJson.Deserialize<WebhookSettings>(webhookSettings),
            SettingsJson.Deserialize<DestinationSettings>(destinationSettings));
        _resolved[(webhookSettings, destinationSettings)] = policy;
        return policy;
    }
}
