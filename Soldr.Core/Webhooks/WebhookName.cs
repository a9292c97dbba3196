using System.Text.RegularExpressions;

namespace Soldr.Core.Webhooks;

/// <summary>
/// A webhook's name is the first label of its ingest host (<c>acme-orders-239dsx.wh.example.com</c>), so
/// it follows DNS label rules: 1 to 63 lower-case letters, digits and inner hyphens.
/// </summary>
public static partial class WebhookName
{
    public const string Rule = "1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
