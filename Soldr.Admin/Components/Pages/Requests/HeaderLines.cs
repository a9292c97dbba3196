namespace Soldr.Admin.Components.Pages.Requests;

/// <summary>Headers edited as text, one <c>Name: value</c> per line.</summary>
public static class HeaderLines
{
    public static string Format(IReadOnlyList<string[]> headers) =>
        string.Join('\n', headers.Where(h => h.Length == 2).Select(h => $"{h[0]}: {h[1]}"));

    /// <summary>The headers, or the 1-based numbers of the lines that are not <c>Name: value</c>.</summary>
    public static (List<string[]> Headers, List<int> BadLines) Parse(string text)
    {
        var headers = new List<string[]>();
        var bad = new List<int>();
        var lines = (text ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? lines[i][..colon].Trim() : string.Empty;
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                bad.Add(i + 1);
                continue;
            }

            headers.Add([name, lines[i][(colon + 1)..].Trim()]);
        }

        return (headers, bad);
    }
}
