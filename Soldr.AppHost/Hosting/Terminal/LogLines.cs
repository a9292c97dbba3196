using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting.Terminal;

/// <summary>Lines of a resource's log as a terminal shows them.</summary>
public static partial class LogLines
{
    /// <summary>
    /// A line without the time Aspire puts before it and without colour codes: the dashboard shows
    /// both, a terminal (or a file the output is redirected to) needs only the text.
    /// </summary>
    public static string Plain(string content) => ColourCode().Replace(WithoutTimestamp(content), string.Empty);

    private static string WithoutTimestamp(string content) =>
        content.Length > 28 && content[4] == '-' && content[10] == 'T' && content.IndexOf("Z ", 19, StringComparison.Ordinal) is > 0 and var end
            ? content[(end + 2)..]
            : content;

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex ColourCode();

    /// <summary>
    /// What a process last wrote to standard error (else last wrote at all): usually why it stopped.
    /// A leading "error: " is dropped, as the line is quoted inside one of the AppHost's own.
    /// </summary>
    public static async Task<string?> LastWordAsync(ResourceLoggerService logs, string resourceId, CancellationToken cancellationToken)
    {
        LogLine? lastError = null;
        LogLine? last = null;
        await foreach (var batch in logs.GetAllAsync(resourceId).WithCancellation(cancellationToken))
        {
            foreach (var line in batch.Where(l => !string.IsNullOrWhiteSpace(Plain(l.Content))))
            {
                last = line;
                lastError = line.IsErrorMessage ? line : lastError;
            }
        }

        const string ErrorPrefix = "error: ";
        return (lastError ?? last) is { } word && Plain(word.Content).Trim() is var text
            ? text.StartsWith(ErrorPrefix, StringComparison.Ordinal) ? text[ErrorPrefix.Length..] : text
            : null;
    }
}
