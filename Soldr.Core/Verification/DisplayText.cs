using System.Globalization;
using System.Text;

namespace Soldr.Core.Verification;

/// <summary>
/// Request text fit to quote in a detail an operator reads: control and format characters (which could
/// forge log lines or reorder text) become '?', and long values are cut.
/// </summary>
public static class DisplayText
{
    public const int MaxLength = 100;

    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cut = value.Length > MaxLength;
        var builder = new StringBuilder(Math.Min(value.Length, MaxLength) + 1);
        foreach (var c in cut ? value.AsSpan(0, MaxLength) : value)
        {
            var category = char.GetUnicodeCategory(c);
            builder.Append(category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                ? '?'
                : c);
        }

        return cut ? builder.Append('…').ToString() : builder.ToString();
    }
}
