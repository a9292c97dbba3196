namespace Soldr.AppHost.Orchestration;

/// <summary>
/// Polls a readiness probe until it succeeds, the process behind it exits, or time runs out, so a server
/// that dies during start-up is reported at once with its last lines instead of after a long timeout.
/// </summary>
public static partial class Readiness
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <param name="probe">Returns null once ready, else why not yet (shown if time runs out).</param>
    public static async Task WaitAsync(
        string resource,
        Func<CancellationToken, Task<string?>> probe,
        ManagedProcess? process,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? lastFailure = null;
        while (true)
        {
            if (process is { Exited.IsCompleted: true })
            {
                throw new OrchestrationException(DescribeExit(resource, process, "while starting"));
            }

            try
            {
                lastFailure = await probe(limit.Token);
                if (lastFailure is null)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                break;
            }
            catch (OrchestrationException)
            {
                // The probe knows waiting will not help.
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                lastFailure = ex.Message;
            }

            try
            {
                await Task.Delay(Interval, limit.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new OrchestrationException(
            $"{resource} was not ready within {timeout.TotalSeconds:0} s{(lastFailure is null ? "" : $": {lastFailure}")}");
    }

    /// <summary>
    /// "ingest exited with code 134 while starting: OptionsValidationException: Soldr:... must be ...".
    /// A .NET service that dies of an unhandled exception says why on its "Unhandled exception." line,
    /// and one that refuses its settings on an "error: " line, so that line alone is the answer;
    /// otherwise the last lines follow, without stack frames.
    /// </summary>
    public static string DescribeExit(string resource, ManagedProcess process, string when)
    {
        ArgumentNullException.ThrowIfNull(process);
        var code = process.Exited.IsCompletedSuccessfully ? process.Exited.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        var lines = process.RecentLines.Select(line => StackTraceTail().Split(line, 2)[0].TrimEnd()).ToList();

        const string unhandled = "Unhandled exception. ";
        var cause = lines.LastOrDefault(line => line.StartsWith(unhandled, StringComparison.Ordinal));
        if (cause is not null)
        {
            return $"{resource} exited with code {code} {when}: {cause[unhandled.Length..]}";
        }

        // A service refusing a bad setting says so in one "error: " line.
        const string refused = "error: ";
        cause = lines.LastOrDefault(line => line.StartsWith(refused, StringComparison.Ordinal));
        if (cause is not null)
        {
            return $"{resource} exited with code {code} {when}: {cause[refused.Length..]}";
        }

        var tail = lines.Count == 0
            ? " (it printed nothing)"
            : ". Its last lines:" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(10).Select(l => "    " + l));
        return $"{resource} exited with code {code} {when}{tail}";
    }

    // Single-line log formatters append the stack trace to the message: "... message    at A.B() ...".
    [System.Text.RegularExpressions.GeneratedRegex(@"\s{2,}at \S+\(")]
    private static partial System.Text.RegularExpressions.Regex StackTraceTail();
}
