namespace Soldr.Core.Requests;

/// <summary>An event type as stored: what the provider sent, cut to a length a list can show and an index can hold.</summary>
public static class EventTypes
{
    public const int MaxLength = 200;

    /// <summary>
    /// <paramref name="type"/> trimmed and cut to <see cref="MaxLength"/>, control characters made '?';
    /// null when nothing is left.
    /// </summary>
    public static string? Clean(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var trimmed = type.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var cut = trimmed.Length > MaxLength ? trimmed[..MaxLength] : trimmed;
        return cut.Any(char.IsControl) ? string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c)) : cut;
    }
}
