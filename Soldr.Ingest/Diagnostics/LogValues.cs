namespace Soldr.Ingest.Diagnostics;

internal static class LogValues
{
    private const int MaxLength = 200;

    /// <summary>Values a sender chose are cut short, so one request cannot flood the log.</summary>
    public static string Truncate(string value) =>
        value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength), "…");
}
