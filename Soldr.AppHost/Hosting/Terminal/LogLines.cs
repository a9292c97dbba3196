using Aspire.Hosting.ApplicationModel;

namespace Soldr.AppHost.Hosting.Terminal;

/// <summary>Lines of a resource's log as a terminal shows them.</summary>
public static class LogLines
{
    /// <summary>A line without the time Aspire puts before it: the dashboard shows it, a terminal needs only the text.</summary>
    public static string WithoutTimestamp(string content) =>
        content.Length > 28 && content[4] == '-' && content[10] == 'T' && content.IndexOf("Z ", 19, StringComparison.Ordinal) is > 0 and var end
            ? content[(end + 2)..]
            : content;

    /// <summary>What a process last wrote to standard error (else last wrote at all): usually why it stopped.</summary>
    public static async Task<string?> LastWordAsync(ResourceLoggerService logs, string resourceId, CancellationToken cancellationToken)
    {
        LogLine? lastError = null;
        LogLine? last = null;
        await foreach (var batch in logs.GetAllAsync(resourceId).WithCancellation(cancellationToken))
        {
            foreach (var line in batch.Where(l => !string.IsNullOrWhiteSpace(WithoutTimestamp(l.Content))))
            {
                last = line;
                lastError = line.IsErrorMessage ? line : lastError;
            }
        }

        return (lastError ?? last) is { } word ? WithoutTimestamp(word.Content).Trim() : null;
    }
}
