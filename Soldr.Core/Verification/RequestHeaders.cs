namespace Soldr.Core.Verification;

/// <summary>A request's headers looked up by name without regard to case, as HTTP names them.</summary>
internal readonly struct RequestHeaders(IReadOnlyList<KeyValuePair<string, string>> all)
{
    /// <summary>
    /// The value of a header that must appear exactly once. A repeated signature header is refused rather
    /// than one copy picked: which one a provider meant is unknowable, and picking invites smuggling.
    /// </summary>
    public bool TryGetSingle(string name, out string value, out string problem)
    {
        (value, problem) = (string.Empty, string.Empty);
        var count = 0;
        foreach (var header in all)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase) && ++count == 1)
            {
                value = header.Value;
            }
        }

        problem = count switch
        {
            0 => $"no {DisplayText.Of(name)} header",
            1 => string.Empty,
            _ => $"{DisplayText.Of(name)} appears {count} times",
        };
        return count == 1;
    }
}
