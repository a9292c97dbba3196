using System.Globalization;
using System.Text;

namespace Soldr.ServiceDefaults.Redis;

/// <summary>One reply in the Redis serialization protocol (RESP2).</summary>
public sealed record RespValue(RespKind Kind, string? Text, long Number, byte[]? Bulk, IReadOnlyList<RespValue>? Items)
{
    public static readonly RespValue Null = new(RespKind.Null, null, 0, null, null);

    public bool IsError => Kind == RespKind.Error;

    /// <summary>The reply as text: simple strings, errors, integers and bulk strings.</summary>
    public string? AsString() => Kind switch
    {
        RespKind.SimpleString or RespKind.Error => Text,
        RespKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        RespKind.BulkString => Encoding.UTF8.GetString(Bulk!),
        _ => null,
    };
}

public enum RespKind
{
    SimpleString,
    Error,
    Number,
    BulkString,
    Array,
    Null,
}
