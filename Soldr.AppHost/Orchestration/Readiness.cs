namespace Soldr.AppHost.Orchestration;

/// <summary>
/// Polls a readiness probe until it succeeds, the process behind it exits, or time runs out, so a server
/// that dies during start-up is reported at once with its last lines instead of after a long timeout.
/// </summary>
public static class Readiness
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task WaitAsync(
        string resource,
        Func<CancellationToken, Task<bool>> probe,
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
                if (await probe(limit.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                break;
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

    /// <summary>"ingest exited with code 1 while starting; its last lines: ..."</summary>
    public static string DescribeExit(string resource, ManagedProcess process, string when)
    {
        ArgumentNullException.ThrowIfNull(process);
        var lines = process.RecentLines;
        var code = process.Exited.IsCompletedSuccessfully ? process.Exited.Result.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        var tail = lines.Count == 0 ? " (it printed nothing)" : ". Its last lines:" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(10).Select(l => "    " + l));
        return $"{resource} exited with code {code} {when}{tail}";
    }
}
