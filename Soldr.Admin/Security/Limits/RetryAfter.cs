using System.Globalization;

namespace Soldr.Admin.Security.Limits;

public static class RetryAfter
{
    /// <summary>The <c>Retry-After</c> header's value: whole seconds, rounded up, at least one.</summary>
    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
