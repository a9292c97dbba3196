using Soldr.Client.Contracts;

namespace Soldr.Core.Json;

/// <summary>The limits on <see cref="EventTypeSettings"/>; failures start with <c>{prefix}EventType</c>.</summary>
public static class EventTypeRules
{
    public static void Check(EventTypeSettings? settings, string prefix, ICollection<string> failures)
    {
        if (settings is not null)
        {
            RequestValueRules.Check(settings.Header, settings.JsonPath, $"{prefix}EventType", failures);
        }
    }
}
