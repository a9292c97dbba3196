using System.Text.Json;
using System.Text.Json.Serialization;

namespace Soldr.ServiceDefaults;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponseWriter.Report))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
