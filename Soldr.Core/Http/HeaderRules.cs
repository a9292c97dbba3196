namespace Soldr.Core.Http;

/// <summary>
/// What may be written as a header line (RFC 9110 §5.1, §5.5): a name is a token, a value has no CR, LF,
/// NUL or other control character but horizontal tab. Checked where headers enter (the management API)
/// and again where they leave (the delivery sender), so a bad value stored by any route never reaches the wire.
/// </summary>
public static class HeaderRules
{
    public const string NameRule = "a header name is a token: letters, digits and !#$%&'*+-.^_`|~, at least one";

    public const string ValueRule = "a header value may not contain CR, LF, NUL or any other control character but tab";

    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidValue(string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var c in value)
        {
            // Non-ASCII is allowed (it is sent as UTF-8, as Kestrel accepted it); control characters are not.
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
