using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Soldr.Core.Management;

namespace Soldr.Admin.Apis;

/// <summary>
/// Opaque page cursors: base64url of the last item's sort key. Clients pass them back unchanged; a
/// cursor that does not decode is a 400 naming <c>cursor</c>.
/// </summary>
internal static class Cursors
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(RequestCursor cursor) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{cursor.ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{cursor.Id:N}"));

    public static string Encode(long id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecodeRequest(string? text, out RequestCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parts = Decode(text)?.Split(':');
        if (parts is not [var ticks, var id]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || t < DateTimeOffset.MinValue.UtcTicks || t > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(id, "N", out var g))
        {
            return false;
        }

        cursor = new RequestCursor(new DateTimeOffset(t, TimeSpan.Zero), g);
        return true;
    }

    public static bool TryDecodeId(string? text, out long? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!long.TryParse(Decode(text), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        id = value;
        return true;
    }

    /// <summary>An empty error list, or one naming <c>limit</c> when it is out of range.</summary>
    public static Dictionary<string, string[]> CheckLimit(int? limit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        }

        return errors;
    }

    public static Dictionary<string, string[]> CursorError() =>
        new(StringComparer.Ordinal) { ["cursor"] = ["The cursor is not one this API handed out."] };

    private static string? Decode(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
