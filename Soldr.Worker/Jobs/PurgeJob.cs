using Microsoft.Extensions.Options;
using Quartz;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

[DisallowConcurrentExecution]
internal sealed class PurgeJob(
    PurgeStore store,
    IOptionsMonitor<RetentionOptions> retention,
    IOptionsMonitor<PurgeOptions> options,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<PurgeJob> logger) : RecordedJob(runs, timeProvider, logger)
{
    protected override async Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purge = options.CurrentValue;
        var result = await store.PurgeAsync(retention.CurrentValue, purge.BatchSize, purge.MaxBusyShare, now, cancellationToken);
        Log.Purged(Logger, result.Requests, result.JobRuns, result.Alerts, result.Batches);
        return result.Rows;
    }
}
