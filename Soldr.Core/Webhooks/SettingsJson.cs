using System.Text.Json;
using System.Text.Json.Serialization;

namespace Soldr.Core.Webhooks;

/// <summary>The one JSON shape of settings columns: camelCase, unset values left out.</summary>
public static class SettingsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>Reads a settings column; an empty or null column gives the all-defaults settings.</summary>
    public static T Deserialize<T>(string? json)
        where T : new() =>
        string.IsNullOrWhiteSpace(json) ? new T() : JsonSerializer.Deserialize<T>(json, Options) ?? new T();
}
