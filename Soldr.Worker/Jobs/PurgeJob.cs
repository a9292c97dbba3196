using Microsoft.Extensions.Options;
using Npgsql;
using Soldr.Core.Jobs;

namespace Soldr.Worker.Jobs;

internal sealed class PurgeJob(
    PurgeStore store,
    IOptionsMonitor<RetentionOptions> retention,
    IOptionsMonitor<PurgeOptions> options,
    NpgsqlDataSource dataSource,
    JobRunStore runs,
    TimeProvider timeProvider,
    ILogger<PurgeJob> logger) : RecordedJob(dataSource, runs, timeProvider, logger)
{
    protected override async Task<long> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purge = options.CurrentValue;
        var result = await store.PurgeAsync(retention.CurrentValue, purge.BatchSize, purge.MaxBusyShare, now, cancellationToken);
        Log.Purged(Logger, result.Requests, result.JobRuns, result.Alerts, result.Batches);
        return result.Rows;
    }
}
